"""The issue model: plain dataclasses built from the issue file's data, validated on the way in.

`Issue.from_dict` is the one gate between a TOML document and the rest of the program: every
problem it finds raises `ZhoubaoError` with a Chinese message that says where and how to fix it.
Section *types* are generic; a bulletin kind chooses and names them.

Every command that reads an issue imports this module, so its import is kept cheap: the one
regular expression is compiled on first use, and every dataclass has a docstring (without one,
`dataclass` builds it from `inspect.signature` at import).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from zhoubao.errors import ZhoubaoError


# Characters a Word file cannot hold: C0 controls except tab/newline/CR, DEL..C1 are allowed by
# XML 1.0 but U+FFFE/U+FFFF and surrogates are not.
@functools.cache
def _bad_chars() -> re.Pattern[str]:
    return re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


DEFAULT_RESULT = "总体情况良好。"


def check_text(text: Any, what: str, *, allow_empty: bool = False) -> str:
    """Text a clerk typed: a string, not blank, with nothing a .docx cannot hold."""
    if not isinstance(text, str):
        raise ZhoubaoError(f"{what}应为文字：请用引号写成字符串")
    if not allow_empty and not text.strip():
        raise ZhoubaoError(f"{what}为空：请写入内容")
    bad = _bad_chars().search(text)
    if bad:
        code = f"U+{ord(bad.group()):04X}"
        raise ZhoubaoError(f"{what}含有 Word 文件无法保存的控制字符 {code}：请删除该字符后重试")
    return text


def check_count(value: Any, what: str) -> int:
    """A count of cases: a non-negative integer."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ZhoubaoError(f"{what}应为非负整数，实际为 {value!r}：请填写整数件数")
    if value < 0:
        raise ZhoubaoError(f"{what}为负数 {value}：件数不能为负，请改为 0 或正整数")
    return value


def check_number(value: Any, what: str, decimals: int) -> int | float:
    """A statistics figure: non-negative, an integer unless the column has decimals."""
    if decimals == 0:
        return check_count(value, what)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ZhoubaoError(f"{what}应为数字，实际为 {value!r}：请填写数字")
    if value != value or value in (float("inf"), float("-inf")):
        raise ZhoubaoError(f"{what}不是有效数字：请填写数字")
    if value < 0:
        raise ZhoubaoError(f"{what}为负数 {value}：请改为 0 或正数")
    return value


def check_date(value: Any, what: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ZhoubaoError(f"{what}应为日期，实际为 {value!r}：请写成 YYYY-MM-DD（不加引号）")
    return value


def _table(value: Any, what: str) -> dict:
    if not isinstance(value, dict):
        raise ZhoubaoError(f"{what}应为表：请检查期刊文件中 {what} 的写法")
    return value


def _list(value: Any, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ZhoubaoError(f"{what}应为列表：请检查期刊文件中 {what} 的写法")
    return value


def _int(value: Any, what: str, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ZhoubaoError(f"{what}应为不小于 {minimum} 的整数，实际为 {value!r}：请改正")
    return value


# ----------------------------------------------------------------------------- entries


@dataclass
class News:
    """A news item: its text, and the date put in front of it when it has one."""

    id: int
    text: str
    date: dt.date | None = None

    @classmethod
    def from_dict(cls, d: dict, where: str) -> News:
        d = _table(d, where)
        date = check_date(d["date"], f"{where}的日期") if "date" in d else None
        return cls(id=_int(d.get("id"), f"{where}的编号"), text=check_text(d.get("text"), f"{where}的正文"),
                   date=date)


@dataclass
class Visit:
    """A leader's visit: date, unit, post and name make the lead, then the text."""

    id: int
    date: dt.date
    unit: str
    post: str
    name: str
    text: str

    @classmethod
    def from_dict(cls, d: dict, where: str) -> Visit:
        d = _table(d, where)
        if "date" not in d:
            raise ZhoubaoError(f"{where}缺少日期：请补上 date = YYYY-MM-DD")
        return cls(
            id=_int(d.get("id"), f"{where}的编号"),
            date=check_date(d["date"], f"{where}的日期"),
            unit=check_text(d.get("unit"), f"{where}的单位"),
            post=check_text(d.get("post", ""), f"{where}的职务", allow_empty=True),
            name=check_text(d.get("name"), f"{where}的姓名"),
            text=check_text(d.get("text"), f"{where}的正文"),
        )


@dataclass
class Finding:
    """A problem found by an inspection, and the window where it was found."""

    text: str
    window: str = ""

    @classmethod
    def from_dict(cls, d: dict, where: str) -> Finding:
        d = _table(d, where)
        return cls(text=check_text(d.get("text"), f"{where}的问题"),
                   window=check_text(d.get("window", ""), f"{where}的窗口", allow_empty=True))


@dataclass
class CheckItem:
    """One inspection item: either a result sentence or the problems found, or not yet set."""

    name: str
    result: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def is_set(self) -> bool:
        return self.result is not None or bool(self.findings)

    @classmethod
    def from_dict(cls, d: dict, where: str) -> CheckItem:
        d = _table(d, where)
        name = check_text(d.get("name"), f"{where}的名称")
        where = f"巡查项“{name}”"
        result = check_text(d["result"], f"{where}的结果") if "result" in d else None
        findings = [Finding.from_dict(f, f"{where}的第{i}条问题")
                    for i, f in enumerate(_list(d.get("finding"), f"{where}的 finding"), 1)]
        if result is not None and findings:
            raise ZhoubaoError(f"{where}同时有结果和问题：请只保留其一")
        return cls(name=name, result=result, findings=findings)


@dataclass
class Column:
    """A statistics column: its name, unit and decimals, and any options the kind gives."""

    name: str
    unit: str = ""
    decimals: int = 0
    options: dict[str, Any] = field(default_factory=dict)  # e.g. not_above = <another column>, flag = "accepted"

    @classmethod
    def from_dict(cls, d: dict, where: str) -> Column:
        d = _table(d, where)
        return cls(name=check_text(d.get("name"), f"{where}的名称"),
                   unit=check_text(d.get("unit", ""), f"{where}的单位", allow_empty=True),
                   decimals=_int(d.get("decimals", 0), f"{where}的小数位数", minimum=0),
                   options={k: v for k, v in d.items() if k not in ("name", "unit", "decimals")})


@dataclass
class Rate:
    """A computed percentage, e.g. 节约率 = 节约资金 / 交易金额 × 100; never typed."""

    name: str
    numerator: str
    denominator: str
    decimals: int = 2

    @classmethod
    def from_dict(cls, d: dict, where: str, columns: list[str]) -> Rate:
        d = _table(d, where)
        rate = cls(name=check_text(d.get("name"), f"{where}的名称"),
                   numerator=check_text(d.get("numerator"), f"{where}的分子"),
                   denominator=check_text(d.get("denominator"), f"{where}的分母"),
                   decimals=_int(d.get("decimals", 2), f"{where}的小数位数", minimum=0))
        for column in (rate.numerator, rate.denominator):
            if column not in columns:
                raise ZhoubaoError(f"{where}引用的列“{column}”未声明：可用列为 {'、'.join(columns)}")
        return rate


@dataclass
class Category:
    """A statistics category (a row) and its figures by column name."""

    name: str
    values: dict[str, int | float] = field(default_factory=dict)


# ----------------------------------------------------------------------------- sections


@dataclass
class Section:
    """A section of the bulletin. `type` picks the generic behaviour; the kind names it."""

    type: str
    title: str
    path: tuple[int, ...] = ()  # indices into the file: (section,) or (section, sub)
    subtitle: str = ""  # part: the period line template
    template: str = ""  # statistics: the sentence; visits: the lead; checklist: a finding
    source: str = ""
    intro: str = ""
    default_result: str = DEFAULT_RESULT
    since: dt.date | None = None
    as_of: dt.date | None = None
    columns: list[Column] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    entries: list[News | Visit] = field(default_factory=list)
    items: list[CheckItem] = field(default_factory=list)
    subs: list[Section] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)  # any other key the kind gave

    def walk(self):
        yield self
        for sub in self.subs:
            yield from sub.walk()


SECTION_TYPES = ("part", "statistics", "entries", "visits", "checklist", "paragraph")
_KNOWN_KEYS = {"type", "title", "subtitle", "template", "source", "intro", "default_result", "since",
               "as_of", "columns", "rates", "category", "entry", "item", "sub", "text"}


def _section(d: dict, path: tuple[int, ...], parent: str = "") -> Section:
    where = f"第{path[-1] + 1}个{'子' if parent else ''}栏目"
    d = _table(d, where)
    kind = d.get("type")
    if kind not in SECTION_TYPES:
        raise ZhoubaoError(f"{where}的类型 {kind!r} 未知：可用类型为 {'、'.join(SECTION_TYPES)}")
    title = check_text(d.get("title", ""), f"{where}的标题", allow_empty=kind == "paragraph")
    where = f"栏目“{title}”" if title else where
    sec = Section(type=kind, title=title, path=path,
                  subtitle=check_text(d.get("subtitle", ""), f"{where}的副标题", allow_empty=True),
                  template=check_text(d.get("template", ""), f"{where}的模板", allow_empty=True),
                  source=check_text(d.get("source", ""), f"{where}的数据来源", allow_empty=True),
                  intro=check_text(d.get("intro", ""), f"{where}的导语", allow_empty=True),
                  default_result=check_text(d.get("default_result", DEFAULT_RESULT), f"{where}的默认结果"),
                  options={k: v for k, v in d.items() if k not in _KNOWN_KEYS})
    if "since" in d:
        sec.since = check_date(d["since"], f"{where}的统计起始日期")
    if "as_of" in d:
        sec.as_of = check_date(d["as_of"], f"{where}的统计截止日期")
    if sec.since and sec.as_of and sec.as_of < sec.since:
        raise ZhoubaoError(f"{where}的统计截止日期 {sec.as_of} 早于起始日期 {sec.since}：请改正")
    if kind == "paragraph":
        sec.intro = check_text(d.get("text", ""), f"{where}的正文", allow_empty=True)
    if kind == "statistics":
        sec.columns = [Column.from_dict(c, f"{where}的第{i}列") for i, c in enumerate(_list(d.get("columns"), where), 1)]
        if not sec.columns:
            raise ZhoubaoError(f"{where}没有列：请在 columns 中声明统计列")
        decimals = {c.name: c.decimals for c in sec.columns}
        sec.rates = [Rate.from_dict(r, f"{where}的第{i}个比率", list(decimals))
                     for i, r in enumerate(_list(d.get("rates"), f"{where}的 rates"), 1)]
        for i, c in enumerate(_list(d.get("category"), f"{where}的 category"), 1):
            c = _table(c, f"{where}的第{i}个类别")
            name = check_text(c.get("name"), f"{where}的第{i}个类别名称")
            values = _table(c.get("values", {}), f"类别“{name}”的 values")
            for col in values:
                if col not in decimals:
                    raise ZhoubaoError(f"类别“{name}”的列“{col}”未声明：可用列为 {'、'.join(decimals)}")
            sec.categories.append(Category(name, {col: check_number(v, f"类别“{name}”的{col}", decimals[col])
                                                  for col, v in values.items()}))
    elif kind == "entries":
        sec.entries = [News.from_dict(e, f"{where}的第{i}条") for i, e in enumerate(_list(d.get("entry"), where), 1)]
        sec.subs = [_section(s, path + (j,), title) for j, s in enumerate(_list(d.get("sub"), f"{where}的 sub"))]
    elif kind == "visits":
        sec.entries = [Visit.from_dict(e, f"{where}的第{i}条") for i, e in enumerate(_list(d.get("entry"), where), 1)]
    elif kind == "checklist":
        sec.items = [CheckItem.from_dict(it, f"{where}的第{i}项") for i, it in enumerate(_list(d.get("item"), where), 1)]
    if kind != "entries" and d.get("sub"):
        raise ZhoubaoError(f"{where}是 {kind} 类型，不能有子栏目：请把子栏目放到 entries 类型的栏目下")
    return sec


# ----------------------------------------------------------------------------- the issue


@dataclass
class DistributionLine:
    """One line of the distribution block: 报, 送 or 发 and whom to."""

    label: str
    text: str


@dataclass
class Issue:
    """One issue of a bulletin: the head, the sections and the distribution block."""

    kind: str
    name: str
    unit: str
    year: int
    number: int
    total: int
    date: dt.date
    period_start: dt.date
    period_end: dt.date
    issue_line: list[str] = field(default_factory=list)
    supplement: bool = False  # 增刊: its own counter, its own issue line
    supplement_line: list[str] = field(default_factory=list)
    mark: str = ""
    previous: str = ""
    sections: list[Section] = field(default_factory=list)
    distribution: list[DistributionLine] = field(default_factory=list)
    copies: int | None = None
    max_pages: int | None = None
    layout: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict) -> Issue:
        if not isinstance(d, dict) or not isinstance(d.get("issue"), dict):
            raise ZhoubaoError("不是期刊文件：缺少 [issue] 表，请用 zhoubao new 新建")
        head = d["issue"]

        def need(key: str, label: str) -> Any:
            if key not in head:
                raise ZhoubaoError(f"期刊文件缺少 [issue] 中的 {key}（{label}）：请补上")
            return head[key]

        issue = cls(
            kind=check_text(need("kind", "简报种类"), "简报种类"),
            name=check_text(need("name", "简报名称"), "简报名称"),
            unit=check_text(need("unit", "编发单位"), "编发单位"),
            year=_int(need("year", "年份"), "年份", minimum=1900),
            number=_int(need("number", "期号"), "期号"),
            total=_int(need("total", "总期号"), "总期号", minimum=0 if head.get("supplement") is True else 1),
            date=check_date(need("date", "印发日期"), "印发日期"),
            period_start=check_date(need("period_start", "本期起始日期"), "本期起始日期"),
            period_end=check_date(need("period_end", "本期截止日期"), "本期截止日期"),
            mark=check_text(head.get("mark", ""), "版头标记", allow_empty=True),
            previous=check_text(head.get("previous", ""), "上一期文件", allow_empty=True),
        )
        if "max_pages" in head:
            issue.max_pages = _int(head["max_pages"], "页数上限")
        if issue.period_end < issue.period_start:
            raise ZhoubaoError(f"本期截止日期 {issue.period_end} 早于起始日期 {issue.period_start}：请改正期间")
        lines = head.get("issue_line", ["{{ year }}年第{{ number }}期（总第{{ total }}期）"])
        issue.issue_line = [check_text(x, "期号行模板") for x in _list(lines, "issue_line")]
        issue.supplement = head.get("supplement", False) is True
        lines = head.get("supplement_line", ["{{ year }}年增刊第{{ number }}期"])
        issue.supplement_line = [check_text(x, "增刊期号行模板") for x in _list(lines, "supplement_line")]
        issue.sections = [_section(s, (i,)) for i, s in enumerate(_list(d.get("section"), "section"))]
        dist = _table(d.get("distribution", {}), "distribution")
        for i, line in enumerate(_list(dist.get("line"), "distribution.line"), 1):
            line = _table(line, f"第{i}行分送")
            issue.distribution.append(DistributionLine(
                label=check_text(line.get("label"), f"第{i}行分送的标签"),
                text=check_text(line.get("text"), f"分送“{line.get('label')}”的内容")))
        if "copies" in dist:
            issue.copies = check_count(dist["copies"], "印数")
        issue.layout = dict(_table(d.get("layout", {}), "layout"))
        return issue

    # -- lookups used by the editing commands; names match exactly or by a unique part

    def all_sections(self) -> list[Section]:
        return [s for top in self.sections for s in top.walk()]

    def find_section(self, name: str, types: tuple[str, ...], what: str = "栏目") -> Section:
        candidates = [s for s in self.all_sections() if s.type in types and not s.subs]
        return pick(candidates, name, lambda s: s.title, what)

    def find_item(self, name: str) -> tuple[Section, CheckItem]:
        pairs = [(s, it) for s in self.all_sections() if s.type == "checklist" for it in s.items]
        return pick(pairs, name, lambda p: p[1].name, "巡查项")

    def find_category(self, name: str) -> tuple[Section, Category]:
        pairs = [(s, c) for s in self.all_sections() if s.type == "statistics" for c in s.categories]
        return pick(pairs, name, lambda p: p[1].name, "统计类别")

    def entries(self) -> list[tuple[Section, News | Visit]]:
        return [(s, e) for s in self.all_sections() for e in s.entries]

    def find_entry(self, entry_id: int) -> tuple[Section, News | Visit]:
        for s, e in self.entries():
            if e.id == entry_id:
                return s, e
        ids = "、".join(str(e.id) for _s, e in self.entries()) or "无"
        raise ZhoubaoError(f"没有编号为 {entry_id} 的条目：现有编号 {ids}，可用 zhoubao entries 查看")

    def next_entry_id(self) -> int:
        return max((e.id for _s, e in self.entries()), default=0) + 1


def increments(section: Section, previous: Issue | None, issue: Issue) -> dict[str, dict[str, int | float]]:
    """本周新增 per category and column: this cumulative figure minus the predecessor's.

    Only within one statistics year (a new year's figures start again from zero) and only where
    the predecessor has the same section, category and column.
    """
    if previous is None:
        return {}
    as_of = section.as_of or issue.period_end
    before = next((s for s in previous.all_sections() if s.type == "statistics" and s.title == section.title), None)
    if before is None or (before.as_of or previous.period_end).year != as_of.year:
        return {}
    last = {c.name: c.values for c in before.categories}
    out: dict[str, dict[str, int | float]] = {}
    for category in section.categories:
        common = set(category.values) & set(last.get(category.name, {}))
        out[category.name] = {col: category.values[col] - last[category.name][col] for col in common}
    return out


def pick(candidates: list, name: str, title_of, what: str):
    """Exact match first, else the one candidate whose name contains `name`."""
    names = "、".join(title_of(c) for c in candidates) or "无"
    if not name.strip():
        raise ZhoubaoError(f"{what}名称为空：可选{what}有 {names}")
    exact = [c for c in candidates if title_of(c) == name]
    if len(exact) == 1:
        return exact[0]
    partial = exact or [c for c in candidates if name in title_of(c)]
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise ZhoubaoError(f"没有名为“{name}”的{what}：可选{what}有 {names}")
    found = "、".join(title_of(c) for c in partial)
    raise ZhoubaoError(f"“{name}”对应多个{what}（{found}）：请写得更具体些")
