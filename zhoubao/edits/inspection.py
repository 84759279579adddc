"""The inspection items: a result sentence, the problems found, all items good at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zhoubao import store, tomldoc
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue
from zhoubao.sections import Checklist
from zhoubao.validate import check_text


def _item_table(doc: Any, issue: Issue, item: str) -> tuple[Any, Checklist, Any]:
    """The tomlkit table of the inspection item `item` names, its section and its model."""
    section, found = issue.find_item(item)
    return store.table_in(doc, section.path)["item"][section.items.index(found)], section, found


def _dated_outside(issue: Issue, texts: list[str], notes: list[str] | None) -> None:
    """A result or a problem that opens with a date outside the period (`9月20日，…`): said at once."""
    if notes is None:
        return
    from zhoubao.dates import opening_date
    from zhoubao.proofread import outside_period

    start, end = issue.period_start, issue.period_end
    for text in texts:
        outside = outside_period(opening_date(text, start, end), start, end, "巡查记录的")
        if outside:
            notes.append(outside)


def inspect(
    path: Path, item: str, result: str | None = None, *, replace: bool = False, notes: list[str] | None = None
) -> str:
    """Set one inspection item's result sentence (default: the kind's 总体情况良好。).

    What was recorded (a typed result, findings) is replaced only with `replace`: a second
    `inspect ITEM` must not wipe the problems found earlier in the week without a word. A
    result that opens with a date outside the period is written, and said in `notes`.
    """
    if result is not None:
        check_text(result, "巡查结果")

    def change(doc, issue: Issue) -> str:
        table, section, found = _item_table(doc, issue, item)
        new = result if result is not None else section.default_result
        typed = found.result is not None and found.result not in (new, section.default_result)
        if not replace and (found.findings or typed):
            had = f"{len(found.findings)} 个问题" if found.findings else f"结果“{found.result}”"
            raise ZhoubaoError(
                f"巡查项“{found.name}”已记录{had}：要改写请加 --replace，"
                f"要删去一个问题请用 zhoubao inspect {found.name} --remove-finding 编号"
            )
        _dated_outside(issue, [new], notes)
        table["result"] = new
        if "finding" in table:
            del table["finding"]
        return found.name

    return store.edit(path, change)


def add_findings(
    path: Path,
    item: str,
    findings: list[tuple[str, str]],
    *,
    replace: bool = False,
    notes: list[str] | None = None,
) -> str:
    """Record problems found at an item, each (text, window), after those already recorded.

    A typed result sentence is replaced only with `replace`; a problem already recorded at the
    same window is refused, not written twice. A problem that opens with a date outside the
    period is written, and said in `notes`.
    """
    if not findings:
        raise ZhoubaoError("没有给出问题：请用 --finding 写明发现的问题")
    for text, window in findings:
        check_text(text, "巡查发现的问题")
        check_text(window, "窗口名称", allow_empty=True)
    if len(set(findings)) != len(findings):
        raise ZhoubaoError("同一个问题写了两遍：请删去重复的 --finding")

    def change(doc, issue: Issue) -> str:
        table, section, found = _item_table(doc, issue, item)
        if found.result is not None and found.result != section.default_result and not replace:
            raise ZhoubaoError(f"巡查项“{found.name}”已填写结果“{found.result}”：要改为记录问题请加 --replace")
        if replace and "finding" in table:
            del table["finding"]
        recorded = set() if replace else {(f.text.strip(), f.window.strip()) for f in found.findings}
        for text, window in findings:
            if (text.strip(), window.strip()) in recorded:
                raise ZhoubaoError(
                    f"巡查项“{found.name}”已记录过这个问题（{window + '：' if window else ''}{text}）：未重复记录"
                )
        _dated_outside(issue, [text for text, _window in findings], notes)
        if "result" in table:
            del table["result"]
        for text, window in findings:
            tomldoc.append_row(table, "finding", {"window": window, "text": text} if window else {"text": text})
        return found.name

    return store.edit(path, change)


def pair_windows(findings: list[str], windows: list[str]) -> list[tuple[str, str]]:
    """Problems as typed with the windows they were found at: no window, one for all the problems,
    or one for each, in order."""
    if len(windows) not in (0, 1, len(findings)):
        raise ZhoubaoError("--window 的个数应为 1 个或与 --finding 相同：请改正")
    return [
        (text, windows[0] if len(windows) == 1 else (windows[i] if windows else "")) for i, text in enumerate(findings)
    ]


def remove_finding(path: Path, item: str, number: int) -> tuple[str, str]:
    """Delete the `number`-th (1-based) problem recorded at an item; returns (item, the problem)."""

    def change(doc, issue: Issue) -> tuple[str, str]:
        table, _section, found = _item_table(doc, issue, item)
        if not found.findings:
            raise ZhoubaoError(f"巡查项“{found.name}”没有记录问题：无可删除")
        if not 1 <= number <= len(found.findings):
            raise ZhoubaoError(
                f"巡查项“{found.name}”共有 {len(found.findings)} 个问题：请给出 1 到 {len(found.findings)}"
            )
        gone = found.findings[number - 1]
        del table["finding"][number - 1]
        tomldoc.drop_if_empty(table, "finding")
        return found.name, f"{gone.window + '：' if gone.window else ''}{gone.text}"

    return store.edit(path, change)


def all_good(path: Path) -> list[str]:
    """Fill every inspection item not yet set with its section's default result."""

    def change(doc, issue: Issue) -> list[str]:
        filled = []
        for section in issue.checklists():
            for index, it in enumerate(section.items):
                if not it.is_set:
                    store.table_in(doc, section.path)["item"][index]["result"] = section.default_result
                    filled.append(it.name)
        return filled

    return store.edit(path, change)
