"""A new issue file from a kind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from zhoubao import store
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue
from zhoubao.tomldoc import NEW_FILE_NOTE


def next_supplement_number(folder: Path, year: int) -> int:
    """One more than the highest supplement of `year` among the issue files in `folder`."""
    numbers = [head.number for _path, head in store.issues_in(folder) if head.supplement and head.year == year]
    return max(numbers, default=0) + 1


def new_issue(
    path: Path,
    kind: str,
    *,
    number: int,
    total: int,
    date: dt.date,
    period: tuple[dt.date, dt.date] | None = None,
    year: int | None = None,
    previous: str = "",
    supplement: bool = False,
    force: bool = False,
) -> Issue:
    """Write a self-contained issue file: the kind's structure, defaults and templates copied in.

    Without a period, the kind's cadence gives one: the week of the issue's date (weekly), the
    last whole month (monthly) or quarter (quarterly) before it.
    """
    from zhoubao import cadence, kinds

    ref = kinds.find_kind(kind, path.parent)
    kind_data = kinds.load_kind(ref.path)
    every = cadence.check_cadence(kind_data.get("cadence", cadence.WEEKLY), f"种类“{ref.name}”的 kind.toml 中")
    if period is None:
        period = cadence.last_complete(every, date)
    header: dict[str, Any] = {
        "year": year if year is not None else period[0].year,
        "number": number,
        "total": total,
        "date": date,
        "period_start": period[0],
        "period_end": period[1],
    }
    if previous:
        header["previous"] = previous
    if supplement:
        header["supplement"] = True
    data = kinds.issue_data(kind_data, ref.name, header)
    issue = Issue.from_dict(data)
    store.create(path, store.new_document(data, [f"{issue.name} {issue.full_label}", NEW_FILE_NOTE]), force=force)
    return issue


def issue_file(path: Path) -> Path:
    """The file `new` writes for the name given: `2022-35` is 2022-35.toml, which the commands find."""
    return path if path.suffix.lower() == ".toml" else path.with_name(path.name + ".toml")


def start_issue(
    path: Path,
    kind: str | None = None,
    *,
    number: int | None = None,
    total: int | None = None,
    date: dt.date | None = None,
    period: tuple[dt.date, dt.date] | None = None,
    year: int | None = None,
    supplement: bool = False,
    force: bool = False,
) -> Issue:
    """A new issue not rolled over from a previous one: the kind marked default unless one is named,
    dated today unless a date is given. A supplement is numbered on from the folder's supplements of
    its year, with no 总期号 (0); any other first issue needs its number and total given."""
    from zhoubao.kinds import default_kind

    date = date or dt.date.today()
    if supplement:
        number = number or next_supplement_number(path.parent, (year or date.year))
        total = total or 0
    missing = " 和 ".join(flag for flag, value in (("--number", number), ("--total", total)) if value is None)
    if missing or number is None or total is None:
        raise ZhoubaoError(f"缺少 {missing}：新建第一期时须给出期号和总期号，或用 --from 上一期文件")
    return new_issue(
        path,
        kind or default_kind(path.parent),
        number=number,
        total=total,
        date=date,
        period=period,
        year=year,
        supplement=supplement,
        force=force,
    )
