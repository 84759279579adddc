"""view: what the clerk is shown of a plan before it is applied: the diff lines entry by entry,
the changed characters marked, then what could not be placed, the hints and the comments."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any

from zhoubao.errors import terminal_safe as safe
from zhoubao.importing.approval.plan import Plan
from zhoubao.importing.text import snippet

if TYPE_CHECKING:
    from rich.console import RenderableType


def diff_view(plan: Plan) -> RenderableType:
    """The changes entry by entry, old above new, the changed characters marked; then what could
    not be placed, and the comments. rich renderables: the command prints them."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    parts: list[Any] = []
    title = Text(safe(f"{plan.approved.name} → {plan.issue_path.name}"), style="bold")
    parts.append(title)
    if plan.revisions:
        # without spaces, the line wraps where it is full, not after the count
        parts.append(Text(f"已按所选方式处理修订：{plan.revisions}".replace(" ", ""), style="yellow"))
    if plan.three_way:
        parts.append(
            Text(
                "期刊文件在送审后改过：以下只列审批人相对送审稿的改动，您送审后的改动保留不动。",
                style="yellow",
            )
        )
    if plan.empty and not plan.problems and not plan.conflicts:
        parts.append(Text("批改稿与期刊文件一致：没有要回填的改动。", style="green"))
    elif plan.empty:
        parts.append(Text("没有能回填的改动。", style="yellow"))
    for diff in plan.changes:
        head = Text()
        head.append(f"【{diff.what}】", style="bold magenta")
        head.append(safe(diff.where), style="bold")
        parts.append(head)
        old, new = _marked(diff.old, diff.new)
        if diff.old and not diff.new:  # a deleted entry: enough of it to know which
            old = Text(safe(snippet(diff.old, 60)), style="red strike")
        if diff.old:
            parts.append(Padding(Text.assemble(Text("原：", style="dim"), old), (0, 0, 0, 2)))
        if diff.new:
            parts.append(Padding(Text.assemble(Text("新：", style="dim"), new), (0, 0, 0, 2)))
    if plan.conflicts:
        parts.append(Text(f"冲突（{len(plan.conflicts)} 处）：送审后您和审批人都改了同一处", style="bold red"))
        for conflict in plan.conflicts:
            both = conflict.line
            kept = {"审批": "（采用审批稿）", "本地": "（保留本地）"}.get(conflict.kept, "（未回填）")
            head = Text()
            head.append("【冲突】", style="bold red")
            head.append(safe(both.where), style="bold")
            head.append(kept, style="dim")
            parts.append(head)
            # each side marked against the version sent: the change each made stays in view
            sent, approver = _marked(both.old, both.new)
            _sent, local = _marked(both.old, conflict.local)
            for label, text in (("送审稿：", sent), ("审批稿：", approver), ("本地：", local)):
                parts.append(Padding(Text.assemble(Text(label, style="dim"), text or "（无）"), (0, 0, 0, 2)))
    if plan.problems:
        parts.append(Text(f"未能回填（{len(plan.problems)} 处），请手工核对：", style="bold red"))
        parts.extend(Padding(Text(safe(f"· {p}")), (0, 0, 0, 2)) for p in plan.problems)
    if plan.hints:
        parts.append(Text("提示：", style="bold yellow"))
        parts.extend(Padding(Text(safe(f"· {h}")), (0, 0, 0, 2)) for h in plan.hints)
    if plan.comments:
        parts.append(Text(f"批注（{len(plan.comments)} 条，不写入期刊文件）：", style="bold cyan"))
        for comment, where in plan.comments:
            line = Text("· ")
            line.append(safe(comment.author) or "（无作者）", style="cyan")
            if comment.date:
                line.append(safe(f" {comment.date[:16].replace('T', ' ')}"), style="dim")
            line.append(safe(f" 在{where}"))
            if comment.marked:
                line.append(safe(f"，批注“{snippet(comment.marked, 20)}”"))
            line.append("：")
            line.append(safe(comment.text))
            if comment.resolved:
                line.append("（已解决）", style="dim")
            parts.append(Padding(line, (0, 0, 0, 2)))
    return Group(*parts)


_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[A-Za-z]+|.", re.S)
CONTEXT = 16  # characters shown either side of a change in a long entry


def _elided(text: str, *, first: bool, last: bool) -> str:
    """Unchanged text between changes, its middle left out when long: the change stays in view."""
    if first and len(text) > CONTEXT:
        return "…" + text[-CONTEXT:]
    if last and len(text) > CONTEXT:
        return text[:CONTEXT] + "…"
    if len(text) > 2 * CONTEXT + 1:
        return text[:CONTEXT] + "…" + text[-CONTEXT:]
    return text


def _marked(old: str, new: str) -> tuple[Any, Any]:
    """old and new as rich Text: characters taken out struck through in red, put in underlined in green."""
    from rich.text import Text

    a, b = Text(), Text()
    old, new = safe(old), safe(new)  # what the approver typed reaches the terminal as text only
    if not old or not new:
        return Text(old), Text(new)
    # A figure is one token: 644608 → 644700 is marked whole, not digit by digit.
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    codes = matcher.get_opcodes()
    for k, (tag, i1, i2, j1, j2) in enumerate(codes):
        if tag == "equal":
            same = _elided("".join(old_tokens[i1:i2]), first=k == 0, last=k == len(codes) - 1)
            a.append(same)
            b.append(same)
            continue
        if i2 > i1:
            a.append("".join(old_tokens[i1:i2]), style="bold red strike")
        if j2 > j1:
            b.append("".join(new_tokens[j1:j2]), style="bold green underline")
    return a, b
