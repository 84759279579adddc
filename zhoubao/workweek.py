"""The next working week, by China's official calendar, for `zhoubao new --from`.

The rule: the period starts on the first working day after the last period, and ends on the
last working day of the Monday-to-Sunday week that holds the first Monday-to-Friday working day
on or after that start. So

- a make-up Saturday or Sunday (调休上班) at the start joins the week after it: after the National
  Day holiday 2022 the period runs from Saturday 8 to Friday 14 October;
- a week that starts on a Tuesday after a holiday stays one week: 2023-01-03..2023-01-06;
- a make-up day inside that Monday-to-Sunday week ends the period: 2025-10-09..2025-10-11.

Whether a day is a working day comes from the first of these sources that knows its year:

1. the clerk's announcement file beside the issues (`节假日.toml` or `holidays.toml`), with the
   State Council's 放假 and 调休上班 dates for a year (docs/holidays.md);
2. the `chinese_calendar` package: the official calendar with every 调休, for the years it was
   released with (it is updated once a year);
3. the `holidays` package: the statutory holidays computed for any year (lunar ones included),
   but not the make-up working days, so the clerk is told the 调休 are unknown;
4. Monday to Friday.

Sources 1 and 2 are official; whenever 3 or 4 decided a day the period depends on, `next_period`
returns a note naming that year. `holidays` is a big import, made only when 1 and 2 do not know a
year; `chinese_calendar` only when the clerk's file does not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from zhoubao.errors import ZhoubaoError

ONE_DAY = dt.timedelta(days=1)
# Far more than any holiday lasts: a search that gets this far has a bug, not a long holiday.
_SEARCH_LIMIT = 60

ANNOUNCEMENT_NAMES = ("节假日.toml", "holidays.toml")
ANNOUNCEMENT_DOC = "docs/holidays.md"
OFF, WORK = "放假", "调休上班"
_MAX_BYTES = 64 * 1024  # a year's announcement is a few hundred bytes
_LONGEST_RUN = 20  # days; the longest holiday run is 8 (National Day with Mid-Autumn)

# Where a year's working days came from.
CLERK, OFFICIAL, COMPUTED, WEEKDAYS = "clerk", "official", "computed", "weekdays"
_WEEKDAY_NAMES = "一二三四五六日"


class NextPeriod(NamedTuple):
    start: dt.date
    end: dt.date
    note: str  # "" when official data decided every day; otherwise one line for the clerk


class Announcement(NamedTuple):
    """The State Council's arrangements as the clerk typed them: per year, days off and make-up days."""

    path: Path
    years: frozenset[int]
    off: frozenset[dt.date]
    work: frozenset[dt.date]


# ----------------------------------------------------------------------------- the rule


def next_period(prev_end: dt.date, folder: Path | None = None) -> NextPeriod:
    """The working week after a period ending on prev_end: (start, end, note).

    `folder` is where the new issue goes; an announcement file there (节假日.toml or
    holidays.toml) comes before every other source. `note` is empty when official data decided
    every day looked at, else one Chinese line naming the year that was guessed and how to add
    its announcement. A malformed announcement file raises ZhoubaoError.
    """
    calendar = Calendar(find_announcement(folder) if folder is not None else None)

    start = _first(prev_end + ONE_DAY, calendar.is_workday)
    anchor = _first(start, lambda day: day.weekday() < 5 and calendar.is_workday(day))
    # The anchor's Monday-to-Sunday week ends the period; its days before the anchor cannot.
    rest_of_week = (anchor + dt.timedelta(days=n) for n in range(7 - anchor.weekday()))
    end = max(day for day in rest_of_week if calendar.is_workday(day))
    return NextPeriod(start, end, calendar.note())


def first_workday(day: dt.date, folder: Path | None = None) -> tuple[dt.date, str]:
    """The first working day on or after `day` (the 印发日期 after a month or a quarter), and a
    note for the clerk when a year the official data does not know decided it."""
    calendar = Calendar(find_announcement(folder) if folder is not None else None)
    found = _first(day, calendar.is_workday)
    if not calendar._guessed:
        return found, ""
    years = "、".join(str(year) for year in sorted(calendar._guessed))
    return found, (
        f"{years} 年的放假安排未收录：印发日期 {found} 是推算的工作日，请核对，或用 --date 指定"
        f"（放假安排的写法见 {ANNOUNCEMENT_DOC}）"
    )


# chinese_calendar's holiday names, as a clerk says them.
_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def holiday_note(prev_end: dt.date, end: dt.date, folder: Path | None = None) -> str:
    """Why a weekly period after one ending on prev_end and ending on `end` is not a plain week:
    the holidays off between them or in the rest of the period's week, and the make-up days
    worked, in one line
    (`国庆 10月1日—7日放假，10月8日（周六）调休上班`); "" when no holiday touched it.

    From the same calendar as `next_period`: the clerk's announcement (days, no names), the
    official calendar (with names), or the computed holidays.
    """
    calendar = Calendar(find_announcement(folder) if folder is not None else None)
    runs: list[tuple[str, dt.date, dt.date]] = []
    worked: list[dt.date] = []
    day = prev_end + ONE_DAY
    sunday = end + dt.timedelta(days=6 - end.weekday())  # a holiday right after the period ended it early
    while day <= sunday:
        name = calendar.holiday_name(day)
        if name is not None:
            if runs and runs[-1][2] + ONE_DAY == day:
                first_name, first, _last = runs[-1]
                names = first_name.split("、") if first_name else []
                runs[-1] = ("、".join(names + [name] if name and name not in names else names), first, day)
            else:
                runs.append((name, day, day))
        elif day.weekday() >= 5 and calendar.is_workday(day):
            worked.append(day)
        day += ONE_DAY
    while runs and runs[-1][2] + ONE_DAY == day and calendar.holiday_name(day) is not None:
        runs[-1] = (runs[-1][0], runs[-1][1], day)  # the whole holiday, not the part in the week
        day += ONE_DAY
    parts = [f"{name + ' ' if name else ''}{_span(first, last)}放假" for name, first, last in runs]
    if worked:
        days = "、".join(f"{d.month}月{d.day}日（周{_WEEKDAY_NAMES[d.weekday()]}）" for d in worked)
        parts.append(f"{days}调休上班")
    return "，".join(parts)


def _span(first: dt.date, last: dt.date) -> str:
    """`10月1日—7日`, `1月31日—2月6日`, or one day `4月5日`."""
    if first == last:
        return f"{first.month}月{first.day}日"
    tail = f"{last.day}日" if last.month == first.month else f"{last.month}月{last.day}日"
    return f"{first.month}月{first.day}日—{tail}"


def _first(day: dt.date, wanted: Callable[[dt.date], bool]) -> dt.date:
    """The first day from `day` on that is `wanted`; a clerk's 节假日.toml can mark every day for
    months as 放假 (each run is held to _LONGEST_RUN days, not their sum), so none found is the
    clerk's to fix, said in one line."""
    start = day
    for _ in range(_SEARCH_LIMIT):
        if wanted(day):
            return day
        day += ONE_DAY
    raise ZhoubaoError(
        f"从 {start} 起连续 {_SEARCH_LIMIT} 天都不是工作日：请检查节假日文件（{'或'.join(ANNOUNCEMENT_NAMES)}）"
        f"中的{OFF}日期（写法见 {ANNOUNCEMENT_DOC}），或用 --period / --date 直接给出"
    )


# ----------------------------------------------------------------------------- the sources


class Calendar:
    """`is_workday` from the best source for each year, remembering which years were guessed."""

    def __init__(self, announcement: Announcement | None = None):
        self.announcement = announcement
        self._tiers: dict[int, str] = {}
        self._computed: dict[int, frozenset[dt.date]] = {}
        self._guessed: dict[int, str] = {}  # year -> COMPUTED or WEEKDAYS, for the note

    def is_workday(self, day: dt.date) -> bool:
        told = self.announcement
        if told is not None and (day in told.off or day in told.work):
            return day in told.work
        tier = self.tier(day.year)
        if tier == OFFICIAL:
            import chinese_calendar

            return bool(chinese_calendar.is_workday(day))
        if tier in (COMPUTED, WEEKDAYS):
            self._guessed[day.year] = tier
        return day.weekday() < 5 and day not in self._computed.get(day.year, ())

    def holiday_name(self, day: dt.date) -> str | None:
        """The holiday `day` belongs to ("" when the source names none), None for any other day
        (a working day, or a plain weekend)."""
        told = self.announcement
        if told is not None and (day in told.off or day in told.work):
            return "" if day in told.off else None
        tier = self.tier(day.year)
        if tier == OFFICIAL:
            import chinese_calendar

            off, name = chinese_calendar.get_holiday_detail(day)
            return _HOLIDAY_NAMES.get(name, "") if off and name else None
        return "" if day in self._computed.get(day.year, ()) else None

    def tier(self, year: int) -> str:
        if year not in self._tiers:
            self._tiers[year] = self._choose(year)
        return self._tiers[year]

    def _choose(self, year: int) -> str:
        if self.announcement is not None and year in self.announcement.years:
            return CLERK
        if _official_knows(year):
            return OFFICIAL
        computed = _computed_holidays(year)
        if computed:
            self._computed[year] = computed
            return COMPUTED
        return WEEKDAYS

    def note(self) -> str:
        """One line for the clerk when a guessed year decided a day of the period, else ""."""
        if not self._guessed:
            return ""
        years = sorted(self._guessed)
        named = "、".join(str(year) for year in years)
        if all(self._guessed[year] == COMPUTED for year in years):
            how = f"{named} 年的调休安排未收录：本期期间按周一至周五、扣除推算的法定节假日计算，未计调休上班，请核对"
        else:
            how = f"{named} 年的节假日未收录：本期期间按周一至周五计算，请核对"
        if self.announcement is not None:
            where = "在 {} 中加上 {} 一节".format(self.announcement.path, "、".join(f"[{year}]" for year in years))
        else:
            where = f"写进本期所在文件夹的 {ANNOUNCEMENT_NAMES[0]}"
        return f"{how}；可把国务院公布的 {named} 年放假安排{where}（写法见 {ANNOUNCEMENT_DOC}），或用 --period 指定"


def _official_knows(year: int) -> bool:
    """Whether the installed chinese_calendar has the official calendar of `year`."""
    try:
        import chinese_calendar
    except ImportError:  # pragma: no cover - a dependency; tolerated all the same
        return False
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:  # it only knows the years it was released for
        return False
    return True


def _computed_holidays(year: int) -> frozenset[dt.date]:
    """The statutory holidays of `year` as the `holidays` package computes them (no make-up days)."""
    try:
        import holidays  # big: imported only for a year the official data does not know
    except ImportError:  # pragma: no cover - a dependency; tolerated all the same
        return frozenset()
    return frozenset(day for day in holidays.China(years=year) if day.year == year)


# ----------------------------------------------------------------------------- the clerk's file


def find_announcement(folder: Path) -> Announcement | None:
    """The announcement file in `folder`, read and checked; None when there is none."""
    present = [folder / name for name in ANNOUNCEMENT_NAMES if (folder / name).exists()]
    if not present:
        return None
    if len(present) > 1:
        raise ZhoubaoError(
            f"{folder} 中同时有 {' 和 '.join(ANNOUNCEMENT_NAMES)}：节假日安排只能写在一个文件里，请删去一个"
        )
    return load_announcement(present[0])


def load_announcement(path: Path) -> Announcement:
    """Read an announcement file; every problem is a ZhoubaoError of one Chinese line."""
    import tomllib

    from zhoubao import tomltext
    from zhoubao.safefiles import read_regular

    try:
        text = read_regular(path, _MAX_BYTES, "节假日文件").decode("utf-8-sig")
    except OSError as e:
        raise ZhoubaoError(f"读不了节假日文件 {path}（{e.strerror}）：请检查文件") from None
    except UnicodeDecodeError:
        raise ZhoubaoError(f"节假日文件 {path} 不是 UTF-8 编码：请用 UTF-8 另存") from None
    try:
        data = tomltext.loads(text)
    except tomltext.TooDeep as e:
        raise ZhoubaoError(f"节假日文件 {path} {e}：请对照 {ANNOUNCEMENT_DOC} 中的例子改正") from None
    except tomllib.TOMLDecodeError as e:
        raise ZhoubaoError(_toml_problem(path, text, str(e))) from None

    years: set[int] = set()
    off: dict[dt.date, int] = {}
    work: dict[dt.date, int] = {}
    for key, table in data.items():
        if not re.fullmatch(r"\d{4}", key):
            raise ZhoubaoError(f"节假日文件 {path} 中的“{key}”不是年份：每年写一节，如 [2027]，下面写 {OFF} 和 {WORK}")
        year = int(key)
        where = f"节假日文件 {path} 的 [{year}]"
        if not isinstance(table, dict):
            raise ZhoubaoError(f'{where} 应是一节：写成单独一行 [{year}]，下面写 "{OFF}" = [...] 和 "{WORK}" = [...]')
        unknown = [name for name in table if name not in (OFF, WORK)]
        if unknown:
            raise ZhoubaoError(f"{where} 中的“{unknown[0]}”不认识：只能写 {OFF} 和 {WORK}")
        if not table.get(OFF):
            raise ZhoubaoError(f'{where} 没有写{OFF}日期：把通知中的放假日期写成 "{OFF}" = [{year}-01-01, ...]')
        years.add(year)
        for name, days in ((OFF, off), (WORK, work)):
            for day in _days(table.get(name, []), year, f"{where} 的 {name}"):
                days[day] = year
    for day in sorted(off.keys() & work.keys()):
        raise ZhoubaoError(f"节假日文件 {path} 中 {day} 既写在{OFF}里又写在{WORK}里：请删去一处")
    for day in sorted(work):
        if day.weekday() < 5:
            raise ZhoubaoError(
                f"节假日文件 {path} 的 [{work[day]}] {WORK} {day} 是星期{_WEEKDAY_NAMES[day.weekday()]}，"
                f"本来就上班：{WORK}只写要上班的星期六、星期日"
            )
    return Announcement(path, frozenset(years), frozenset(off), frozenset(work))


def _toml_problem(path: Path, text: str, error: str) -> str:
    """One line for a file tomllib refused: the line, and the likely slip (a Chinese key without quotes)."""
    found = re.search(r"line (\d+)", error)
    if found is None:
        return f"节假日文件 {path} 写法有误：请对照 {ANNOUNCEMENT_DOC} 中的例子"
    number = int(found.group(1))
    lines = text.splitlines()
    line = lines[number - 1].strip() if 0 < number <= len(lines) else ""
    key = re.match(r"([^\s=\"'\[#]+)\s*=", line)
    if key and not key.group(1).isascii():
        return f'节假日文件 {path} 第 {number} 行：{key.group(1)} 要加英文双引号，写成 "{key.group(1)}" = [...]'
    return f"节假日文件 {path} 第 {number} 行写法有误：请对照 {ANNOUNCEMENT_DOC} 中的例子"


def _days(values: object, year: int, where: str) -> list[dt.date]:
    """The dates of one list: TOML dates, and strings holding a date or a run `A..B`."""
    from zhoubao.dates import parse_date, parse_period

    if not isinstance(values, list):
        raise ZhoubaoError(f'{where} 应写成方括号列表，如 [{year}-10-01, "{year}-10-02..{year}-10-07"]')
    days: list[dt.date] = []
    for value in values:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            first = last = value
        elif isinstance(value, str):
            try:
                first, last = parse_period(value) if re.search(r"\.\.|~|至|—", value) else (parse_date(value),) * 2
            except ZhoubaoError as e:
                raise ZhoubaoError(f"{where}：{e.message}") from None
        else:
            raise ZhoubaoError(
                f'{where} 中的 {value!r} 不是日期：写成 {year}-10-01，连续几天写成 "{year}-10-01..{year}-10-07"'
            )
        if (last - first).days >= _LONGEST_RUN:
            raise ZhoubaoError(f"{where} 中 {first}..{last} 长达 {(last - first).days + 1} 天：请检查日期")
        for day in (first + dt.timedelta(days=n) for n in range((last - first).days + 1)):
            # The announcement for a year may reach back into the December before (元旦 runs).
            if not (day.year == year or (day.year == year - 1 and day.month == 12)):
                raise ZhoubaoError(f"{where} 中的 {day} 不在 {year} 年：请检查年份，或把它写进 [{day.year}] 一节")
            days.append(day)
    return days
