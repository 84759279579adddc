"""Other files: import (an old Word file, or an approved one back into its issue), summary of
many issues, the kinds of bulletin."""

from __future__ import annotations

from pathlib import Path

import click

from zhoubao.cli._click import argument, command, option
from zhoubao.cli._common import (
    PATH,
    announce,
    ask_before_writing,
    changed,
    tell,
)


@command("import")
@argument("docx", type=PATH, metavar="简报.docx")
@option(
    "-o",
    "--output",
    type=PATH,
    metavar="期刊文件",
    help="写入的期刊文件；默认与 Word 文件同名（.toml），放在它旁边。",
)
@option("--kind", metavar="种类", help="简报种类；默认按版头的简报名称选择，否则取标为 default 的种类。")
@option("--force", is_flag=True, help="覆盖已有的期刊文件。")
@option(
    "--into",
    type=PATH,
    metavar="期刊文件",
    help="批改稿回填：把领导改定的 Word 文件中的改动写回生成它的期刊文件（先显示改动，确认后写入）。",
)
@option("--accept-changes", is_flag=True, help="与 --into 同用：文件中有未处理的修订时，按修订后的文字回填。")
@option("--reject-changes", is_flag=True, help="与 --into 同用：文件中有未处理的修订时，按修订前的原文回填。")
@option("-y", "--yes", is_flag=True, help="与 --into 同用：不询问，直接回填（供脚本使用）。")
@option(
    "--keep",
    type=click.Choice(["审批", "本地"]),
    metavar="审批|本地",
    help="与 --into 同用：送审后您和审批人改了同一处（冲突）时保留哪一边；不给则冲突处不回填。",
)
@option(
    "--no-fingerprint",
    is_flag=True,
    help="与 --into 同用：稿子没有送审标记或送审版本已不在时，与期刊文件现在的内容比对（送审后您的改动会显示为审批改动）。",
)
def import_cmd(
    docx: Path,
    output: Path | None,
    kind: str | None,
    force: bool,
    into: Path | None,
    accept_changes: bool,
    reject_changes: bool,
    yes: bool,
    keep: str | None,
    no_fingerprint: bool,
) -> None:
    """把一期简报的 Word 文件（.docx）导入为期刊文件；加 --into 时把批改稿的改动回填到原期刊文件。"""
    if into is not None:
        if output is not None or kind is not None or force:
            raise click.UsageError("--into 不能与 -o、--kind、--force 同用：回填写入的就是 --into 给出的期刊文件")
        _approved_into(docx, into, accept_changes, reject_changes, yes, keep, no_fingerprint)
        return
    if accept_changes or reject_changes or yes or keep or no_fingerprint:
        raise click.UsageError(
            "--accept-changes、--reject-changes、--yes、--keep 和 --no-fingerprint 只用于批改稿回填：请同时给出 --into 期刊.toml"
        )
    from zhoubao.importing import import_file

    announce()

    result, out = import_file(docx, output, kind, force=force)
    for line in result.report:
        tell(f"提示：{line}")
    issue = result.issue
    tail = f"；有 {len(result.report)} 条提示，请核对" if result.report else ""
    tell(f"已导入 {docx.name} → {out}：{issue.name} {issue.full_label}（种类 {issue.kind}）{tail}")


def _approved_into(
    docx: Path, into: Path, accept: bool, reject: bool, yes: bool, keep: str | None, no_fingerprint: bool
) -> None:
    """Show what the approved file changes in the issue; write it with --yes or on confirmation.
    A conflict (changed on both sides since sending) is written only as --keep says."""
    from rich.console import Console

    from zhoubao import store
    from zhoubao.importing import approval

    if accept and reject:
        raise click.UsageError("--accept-changes 和 --reject-changes 只能给一个")
    revisions = approval.ACCEPT if accept else approval.REJECT if reject else None
    store.history.refuse_kept_version(into)  # never into NAME.bak or another kept version
    announce()
    plan = approval.plan_import(docx, into, revisions, keep=keep, no_fingerprint=no_fingerprint)
    Console(highlight=False).print(approval.diff_view(plan))
    open_conflicts = sum(1 for c in plan.conflicts if not c.kept)
    conflicts = (
        f"；{open_conflicts} 处冲突未回填（保留您现在的内容），要采用审批稿请加 --keep 审批 再运行"
        if open_conflicts
        else ""
    )
    if plan.empty:
        if open_conflicts:
            tell(f"{docx.name} 中没有可直接回填的改动{conflicts}：{into.name} 未改动。")
        elif plan.problems:
            tell(f"{docx.name} 中没有能回填的改动，{len(plan.problems)} 处未能回填，见上方列表：{into.name} 未改动。")
        else:
            tell(f"{docx.name} 与 {into.name} 一致：没有要回填的改动，文件未改动。")
        return
    ask_before_writing(
        yes,
        f"以上是 {docx.name} 中的 {plan.count} 处改动{conflicts}，未回填：确认无误后加 --yes 再运行一次。",
        f"把以上 {plan.count} 处改动回填到 {into.name}？输入 y 回填，直接回车不回填 [y/N]：",
        f"未回填，{into.name} 未改动。",
    )
    approval.apply_plan(plan)
    left = f"；{len(plan.problems)} 处未能回填，见上方列表" if plan.problems else ""
    changed(into, f"已把 {docx.name} 中的 {plan.count} 处改动回填{left}{conflicts}，上一版保存为 {into.name}.bak")


@command("summary")
@argument("issues", nargs=-1, type=PATH, metavar="期刊文件")
@option(
    "--csv",
    "csv_path",
    type=PATH,
    metavar="汇总.csv",
    help="同时把汇总写入一个 CSV 文件（UTF-8 带 BOM，Excel 可直接打开）。",
)
@option(
    "--chart",
    "chart_path",
    type=PATH,
    metavar="图表.png",
    help="同时画一张概览图（.png 或 .svg）：统计数据逐期新增的折线（纵轴从 0 起），来访和巡查问题的条形图。需要 pip install 'zhoubao[chart]'。",
)
@option("--force", is_flag=True, help="覆盖已有的、不是 zhoubao 先前写出的 CSV 或图表文件。")
def summary_cmd(issues: tuple[Path, ...], csv_path: Path | None, chart_path: Path | None, force: bool) -> None:
    """汇总多期简报：各单位和领导来访次数、巡查发现的问题、统计数据逐周累计与本周新增。"""
    from zhoubao import summary

    for note in summary.summary_command(list(issues), csv_path, chart_path, force=force):
        tell(f"提示：{note}")
    written = "、".join(str(p) for p in (csv_path, chart_path) if p)
    tell(f"已汇总 {len(issues)} 期" + (f"，并写入 {written}" if written else "") + "。")


@command("kinds")
@option("--check", "check_dir", type=PATH, metavar="文件夹", help="检查一个简报种类文件夹。")
def kinds_cmd(check_dir: Path | None) -> None:
    """列出可用的简报种类：当前文件夹的 templates/ 里的、ZHOUBAO_TEMPLATES 中的和自带的。"""
    from zhoubao import kinds
    from zhoubao.errors import terminal_safe

    if check_dir is not None:
        from zhoubao.kindcheck import check_kind

        problems = check_kind(check_dir)
        for problem in problems:
            click.echo(terminal_safe(f"错误  {problem}"))
        if problems:
            tell(f"种类 {check_dir.name} 有 {len(problems)} 处错误。")
            raise click.exceptions.Exit(1)
        tell(f"种类 {check_dir.name} 检查通过。")
        return
    for ref in kinds.list_kinds(Path.cwd()):
        click.echo("\t".join(terminal_safe(str(part)) for part in (ref.name, ref.source, ref.path)))
