"""visits: leaders' visits (厅（局）长进大厅). Date, unit, post and name are fields; the kind's lead
template makes `9月28日，省交通物流发展中心二级巡视员、主任柏吉琼` of them, then the text follows."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from zhoubao import dates
from zhoubao.compose import Context, printed
from zhoubao.errors import ZhoubaoError
from zhoubao.outline import Block
from zhoubao.sections.entries import SAMPLE_DAY, EntrySection, short
from zhoubao.templating import render_template
from zhoubao.values import Record, array, check_date, check_text, integer, table

DEFAULT_LEAD = "{{ date }}，{{ unit }}{{ post }}{{ name }}"


@dataclass(repr=False, eq=False)
class Visit(Record):
    """A leader's visit: date, unit, post and name make the lead, then the text."""

    id: int
    date: dt.date
    unit: str
    post: str
    name: str
    text: str

    @classmethod
    def from_dict(cls, d: dict, where: str) -> Visit:
        d = table(d, where)
        if "date" not in d:
            raise ZhoubaoError(f"{where}缺少日期：请补上 date = YYYY-MM-DD")
        return cls(
            id=integer(d.get("id"), f"{where}的编号"),
            date=check_date(d["date"], f"{where}的日期"),
            unit=check_text(d.get("unit"), f"{where}的单位"),
            post=check_text(d.get("post", ""), f"{where}的职务", allow_empty=True),
            name=check_text(d.get("name"), f"{where}的姓名"),
            text=check_text(d.get("text"), f"{where}的正文"),
        )

    def printed(self, lead: str = DEFAULT_LEAD, where: str = "来访") -> str:
        """The lead the template `lead` makes of date, unit, post and name, then the text."""
        start = render_template(lead, f"{where}的来访导语", date=dates.cn_month_day(self.date),
                                full_date=dates.cn_date(self.date), unit=printed(self.unit),
                                post=printed(self.post) if self.post.strip() else "", name=printed(self.name))
        return start + printed(self.text)

    def fields(self) -> dict[str, Any]:
        return {"text": self.text, "date": self.date, "unit": self.unit, "post": self.post, "name": self.name}

    def content(self) -> str:
        """Who visited and what was done, as `entries` lists it."""
        return f"{self.unit}{self.post}{self.name}：{self.text}"

    def show_line(self) -> str:
        return f"{self.date} {self.unit}{self.post}{self.name}：{short(self.text)}"


@dataclass(repr=False, eq=False)
class Visits(EntrySection):
    """Visits, each rendered through the section's lead template."""

    TYPE = "visits"
    NAME = "来访"
    HOLDS = "visit"
    COMMAND = "add-visit"
    KEYS = frozenset({"template"})
    TEMPLATES = {"template": "的来访导语"}

    template: str = ""

    @classmethod
    def read(cls, d: dict[str, Any], where: str, path: tuple[int, ...]) -> Visits:
        title, where, options = cls.common(d, where)
        template = check_text(d.get("template", ""), f"{where}的模板", allow_empty=True)
        entries = [Visit.from_dict(e, f"{where}的第{i}条") for i, e in enumerate(array(d.get("entry"), where), 1)]
        return cls(title=title, path=path, options=options, template=template, entries=entries)

    def compose_body(self, ctx: Context) -> list[Block]:
        return self.compose_items(ctx)

    def printed_entry(self, entry: Visit) -> str:
        return entry.printed(self.template or DEFAULT_LEAD, f"栏目“{self.title}”")

    @classmethod
    def sample(cls, section_table: dict[str, Any]) -> None:
        section_table["entry"] = [{"id": 2, "date": SAMPLE_DAY, "unit": "示例单位", "post": "职务", "name": "姓名",
                                   "text": "到窗口调研。"}]
