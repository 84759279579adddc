"""visits: leaders' visits (厅（局）长进大厅). Date, unit, post and name are fields; the kind's lead
template makes `9月28日，省交通物流发展中心二级巡视员、主任柏吉琼` of them, then the text follows."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from zhoubao import dates
from zhoubao.errors import ZhoubaoError
from zhoubao.sections.base import Context, Reading
from zhoubao.sections.entries import SAMPLE_DAY, EntrySection, check_source, short
from zhoubao.validate import Record, array, check_date, check_text, integer, record, table

DEFAULT_LEAD = "{{ date }}，{{ unit }}{{ post }}{{ name }}"
# Import: the lead template rendered with these in place of its variables shows where each stands.
_MARKS = {"date": "\ue000", "full_date": "\ue001", "unit": "\ue002", "post": "\ue003", "name": "\ue004"}
_HALF_WIDTH = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"}

if TYPE_CHECKING:
    from zhoubao.outline import Block


@record
class Visit(Record):
    """A leader's visit: date, unit, post and name make the lead, then the text."""

    id: int
    date: dt.date
    unit: str
    post: str
    name: str
    text: str
    source: str = ""  # the file `collect` read it from; never printed

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
            source=check_source(d, where),
        )

    def bulletin_text(self, lead: str = DEFAULT_LEAD, where: str = "来访") -> str:
        """The lead the template `lead` makes of date, unit, post and name, then the text."""
        from zhoubao.sections.typeset import one_paragraph, paragraphs_of
        from zhoubao.templating import render_template

        start = render_template(
            lead,
            f"{where}的来访导语",
            date=dates.cn_month_day(self.date),
            full_date=dates.cn_date(self.date),
            unit=one_paragraph(self.unit),
            post=one_paragraph(self.post) if self.post.strip() else "",
            name=one_paragraph(self.name),
        )
        return start + "\n".join(paragraphs_of(self.text))

    def fields(self) -> dict[str, Any]:
        return {"text": self.text, "date": self.date, "unit": self.unit, "post": self.post, "name": self.name}

    def content(self) -> str:
        """Who visited and what was done, as `entries` lists it."""
        return f"{self.unit}{self.post}{self.name}：{self.text}"

    def printed_date(self, start: dt.date, end: dt.date) -> dt.date:
        """The date the bulletin prints: the visit's own, in its lead."""
        return self.date

    def show_line(self) -> str:
        return f"{self.date} {self.unit}{self.post}{self.name}：{short(self.text)}"


@record
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

    def bulletin_text(self, entry: Visit) -> str:
        return entry.bulletin_text(self.template or DEFAULT_LEAD, f"栏目“{self.title}”")

    @classmethod
    def sample(cls, section_table: dict[str, Any]) -> None:
        section_table["entry"] = [
            {"id": 2, "date": SAMPLE_DAY, "unit": "示例单位", "post": "职务", "name": "姓名", "text": "到窗口调研。"}
        ]

    # -- import
    @classmethod
    def place(cls, reader: Reading, section_table: dict[str, Any], text: str) -> bool:
        """A visit, when the paragraph starts with the lead the section's template prints. The name
        is the person alone: an honorific after it (`刘祥超同志开展…`) opens the text, as the seed
        and `add-visit` keep it, so the visit read back is the one written."""
        visit = _read_visit(
            reader,
            section_table.get("template") or DEFAULT_LEAD,
            f"栏目“{section_table.get('title', '')}”",
            reader.item_text(text),
        )
        if visit is None:
            return False
        section_table.setdefault("entry", []).append(
            {
                "id": 0,
                "date": visit.date,
                "unit": visit.unit,
                "post": visit.post,
                "name": visit.name,
                "text": visit.text,
            }
        )
        return True


def _read_visit(reader: Reading, lead: str, where: str, text: str) -> Visit | None:
    """Match the lead the template prints; split unit, post and name; sure only when the visit
    read back prints `text` again. None when unsure: the paragraph is reported, not guessed."""
    from zhoubao import typography
    from zhoubao.templating import render_template

    try:
        shape = render_template(lead, f"{where}的来访导语", **_MARKS)
    except ZhoubaoError:
        return None
    run = _MARKS["unit"] + _MARKS["post"] + _MARKS["name"]
    if run not in shape:
        run = _MARKS["unit"] + _MARKS["name"]
        if run not in shape:
            return None
    before, after = shape.split(run, 1)
    pattern = ""
    for char in before:
        if char == _MARKS["date"]:
            pattern += r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})日"
        elif char == _MARKS["full_date"]:
            pattern += r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日"
        elif char in _MARKS.values():
            return None
        else:
            pattern += f"[{re.escape(char)}{re.escape(_HALF_WIDTH.get(char, char))}]"
    try:
        m = re.match(pattern, text)
    except re.error:  # a template printing the date twice
        return None
    if m is None or "month" not in m.groupdict():
        return None
    date = reader.entry_date(m.group("year"), m.group("month"), m.group("day"))
    if date is None or any(c in after for c in _MARKS.values()):
        return None
    rest = text[m.end() :]
    if after:  # the template's own words follow the name: the name runs up to them
        who, found, body = rest.partition(after)
        named = reader.split_lead(who) if found else None
        if named is None:
            return None
        unit, post, name = named
    else:
        split = reader.split_visitor(rest)
        if split is None:
            return None
        unit, post, name, body = split
    if not body or not name:
        return None
    visit = Visit(id=0, date=date, unit=unit, post=post, name=name, text=body)
    if typography.normalise(visit.bulletin_text(lead, where)) != typography.normalise(text):
        return None
    return visit
