"""The issue as a whole: new, set, show, entries, sections, check and render."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from zhoubao.cli._click import argument, command, option
from zhoubao.cli._common import (
    PATH,
    announce,
    changed,
    choose_issue,
    file_option,
    tell,
)
from zhoubao.errors import ZhoubaoError

if TYPE_CHECKING:
    from zhoubao.render import RenderOptions


@command("new")
@argument("path", type=PATH, metavar="期刊文件")
@option("--kind", metavar="种类", help="简报种类；默认取标为 default 的种类（zhoubao kinds 可列出）。")
@option("--number", type=int, metavar="期号", help="期号（第几期）。")
@option("--total", type=int, metavar="总期号", help="总期号（总第几期）。")
@option("--year", type=int, metavar="年份", help="年份；默认取本期起始日期的年份。")
@option("--date", "date_text", metavar="日期", help="印发日期；默认今天。")
@option(
    "--period",
    metavar="日期..日期",
    help="本期期间（如 2022-09-26..2022-09-30）；默认周报为印发日期所在周的周一至周五，月报为此前最近一个整月，季报为此前最近一个整季度。",
)
@option(
    "--from",
    "previous",
    type=PATH,
    metavar="上一期文件",
    help="从上一期滚动生成：期号加一，周报到下一个工作周，月报到下个月，季报到下个季度。",
)
@option("--supplement", is_flag=True, help="增刊：单独编号；不给 --number 时接着本文件夹里同年增刊的期号。")
@option("--force", is_flag=True, help="覆盖已有文件。")
def new_cmd(
    path: Path,
    kind: str | None,
    number: int | None,
    total: int | None,
    year: int | None,
    date_text: str | None,
    period: str | None,
    previous: Path | None,
    supplement: bool,
    force: bool,
) -> None:
    """新建一期简报的期刊文件。"""
    from zhoubao import edits
    from zhoubao.dates import parse_period

    path = edits.issue_file(path)
    announce()
    if previous is not None and supplement:
        raise ZhoubaoError("--from 和 --supplement 不能同时使用：增刊请用 --supplement 单独新建")
    if previous is not None:
        from zhoubao import rollover, store

        rolled = rollover.new_from(
            path,
            store.locate(str(previous)),  # `--from 2022-34` finds 2022-34.toml, as -f does
            number=number,
            total=total,
            year=year,
            date=edits.typed_date(date_text),
            period=parse_period(period) if period else None,
            force=force,
        )
        for note in rolled.notes:
            tell(f"提示：{note}")
        issue, cleared = rolled.issue, rolled.cleared
    else:
        issue = edits.start_issue(
            path,
            kind,
            number=number,
            total=total,
            date=edits.typed_date(date_text),
            period=parse_period(period) if period else None,  # else the kind's cadence decides
            year=year,
            supplement=supplement,
            force=force,
        )
        cleared = []
    tell(
        f"已新建 {path}：{issue.name} {issue.full_label}，期间 {issue.period_start} 至 {issue.period_end}，"
        f"印发日期 {issue.date}"
    )
    if cleared:
        tell(f"已清空上一期的内容：{'、'.join(cleared)}（栏目、分送和印数照旧）")
    current = os.environ.get("ZHOUBAO_FILE")
    if current and Path(current).resolve() != path.resolve():
        tell(
            f"提示：ZHOUBAO_FILE 仍指向 {current}；要在新一期上继续，请运行 export ZHOUBAO_FILE={path}"
            f'（PowerShell：$env:ZHOUBAO_FILE="{path}"），或在命令后加 -f {path}'
        )


def _complete_fields(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
    from zhoubao import edits, store

    try:
        issue = store.load_issue(store.locate(ctx.params.get("file")))
    except ZhoubaoError:
        issue = None
    return [name for name in edits.field_names(issue) if incomplete in name]


@command("set", context_settings={"ignore_unknown_options": True})
@argument("field", metavar="项目", shell_complete=_complete_fields)
@argument("value", metavar="值")
@file_option
def set_cmd(field: str, value: str, file: str | None) -> None:
    """修改期头或分送：印发日期、期号、总期号、年份、期间、简报名称、编发单位、版头标记、印数，或 报/送/发。

    也可写英文键名：date、number、total、year、period、name、unit、mark、copies。
    """
    from zhoubao import edits

    field = edits.field_key(field)
    path = choose_issue(file)
    label = edits.set_field(path, field, edits.field_value(field, value))
    changed(path, f"已修改{label}")


@command("show")
@option("--json", "as_json", is_flag=True, help="以 JSON 输出整期内容。")
@file_option
def show_cmd(as_json: bool, file: str | None) -> None:
    """显示本期内容。"""
    from zhoubao import show, store

    path = choose_issue(file)
    plain = store.load_plain(path)
    if as_json:
        click.echo(_json_for_stdout(show.as_json(plain)))
    else:
        from zhoubao.model import Issue

        issue = Issue.from_dict(plain)
        previous, note = store.load_previous(path, issue)
        show.print_issue(issue, previous)
        if note:
            tell(f"提示：{note}")


def _json_for_stdout(text: str) -> str:
    """JSON the output encoding can hold: a character it cannot is written as a JSON escape
    (😀 → \\ud83d\\ude00), so the JSON stays exact and valid under GBK too."""
    import json
    import re

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"

    def fits(chars: str) -> bool:
        try:
            chars.encode(encoding)
        except (UnicodeError, LookupError):
            return False
        return True

    if encoding.lower().replace("_", "-").startswith("utf-") or fits(text):
        return text
    return re.sub(r"[^\x00-\x7f]", lambda m: m.group() if fits(m.group()) else json.dumps(m.group())[1:-1], text)


@command("entries")
@option("--source", "sources", is_flag=True, help="多列一栏“来源”：collect 收进来的条目来自哪个文件。")
@file_option
def entries_cmd(sources: bool, file: str | None) -> None:
    """列出各条目及其编号（用于 edit、remove、move）。"""
    from zhoubao import show, store

    show.print_entries(store.load_issue(choose_issue(file)), sources=sources)


@command("sections")
@file_option
def sections_cmd(file: str | None) -> None:
    """列出本期的栏目（及填写它们的命令）、巡查项和统计类别。"""
    from zhoubao import show, store

    show.print_outline(store.load_issue(choose_issue(file)))


def _render_batch(paths: list[Path], outdir: Path, options: RenderOptions) -> tuple[list, Path | None]:
    """Render many issues in this process; a progress bar on a terminal, nothing when piped.
    Returns the results and, for web pages, the index.html made beside them."""
    from zhoubao import render

    def run(progress: Callable | None) -> tuple[list, Path | None]:
        if options.html:
            site = render.render_site(paths, outdir, options, progress=progress)
            return site.pages, site.index
        return render.render_many(paths, outdir, options, progress=progress), None

    if not sys.stderr.isatty():
        return run(None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("生成中"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("render", total=len(paths))
        return run(lambda _result: progress.advance(task))


@command("check")
@file_option
def check_cmd(file: str | None) -> None:
    """检查本期是否可以送审：错误（退出码 1）和警告。"""
    from zhoubao.check import ERROR, WARNING, check_path
    from zhoubao.errors import terminal_safe

    problems = check_path(choose_issue(file))
    for problem in problems:
        click.echo(terminal_safe(str(problem)))
    errors = sum(p.level == ERROR for p in problems)
    warnings = sum(p.level == WARNING for p in problems)  # a 说明 (what render did) is neither
    if errors:
        tell(f"检查未通过：{errors} 个错误，{warnings} 个警告。")
        raise click.exceptions.Exit(1)
    tell(f"检查通过：{warnings} 个警告。" if warnings else "检查通过。")


@command("render")
@argument("issues", nargs=-1, type=PATH, metavar="期刊文件")
@option(
    "-o",
    "--output",
    type=PATH,
    metavar="输出文件",
    help="输出的 Word 文件（加 --html 时为 .html 网页）；默认放在期刊文件旁，按简报名称、年份和期号命名。",
)
@option("-d", "--outdir", type=PATH, metavar="文件夹", help="批量生成时的输出文件夹。")
@option("--pdf", is_flag=True, help="同时生成 PDF 预览：Windows 上装有 Microsoft Word 时用 Word，否则用 LibreOffice。")
@option(
    "--pdf-with",
    "pdf_with",
    type=click.Choice(["auto", "word", "libreoffice"]),
    help="PDF 用什么生成（给出即生成 PDF）：auto（默认）、word（Word 自己的排版）或 libreoffice。",
)
@option("--draft", is_flag=True, help="送审稿：首页右上角标“送审稿”；检查未通过的一期也可生成。")
@option(
    "--force",
    is_flag=True,
    help="检查未通过（缺数字、巡查项未填等）也照样生成定稿；并覆盖不是本期先前生成的同名 Word 文件、PDF 或网页。",
)
@option(
    "--html",
    is_flag=True,
    help="生成网页（.html）而不是 Word 文件：可发布到网站、粘贴进公众号编辑器；批量时另生成目录页 index.html。",
)
@option("--with-distribution", "distribution", is_flag=True, help="网页也印出版记（报、送、发和印数）；默认不印。")
@option(
    "--fonts",
    metavar="字体集",
    help="字体集：标准（仿宋_GB2312 等公文字体，默认）或 系统（Windows 和 WPS 自带的仿宋、楷体、黑体）。",
)
@file_option
def render_cmd(
    issues: tuple[Path, ...],
    output: Path | None,
    outdir: Path | None,
    pdf: bool,
    pdf_with: str | None,
    draft: bool,
    force: bool,
    html: bool,
    distribution: bool,
    fonts: str | None,
    file: str | None,
) -> None:
    """生成公文格式的 Word 文件，或用 --html 生成网页；给出多个期刊文件和 -d 时批量生成（文件夹不存在时自动创建）。

    定稿要先通过 zhoubao check；还在填写时用 --draft 生成送审稿。
    """
    from zhoubao import render

    if issues:
        if file:
            raise ZhoubaoError("期刊文件和 -f 只能给一种：批量生成时把文件都写在命令后")
        if output and len(issues) > 1:
            raise ZhoubaoError("多个期刊文件不能共用 -o：请用 -d 指定输出文件夹")
        if len(issues) > 1 and outdir is None:
            raise ZhoubaoError("批量生成需要 -d 输出文件夹：如 zhoubao render *.toml -d 输出")
    paths = list(issues) or [choose_issue(file)]
    options = render.RenderOptions(
        draft=draft,
        force=force,
        html=html,
        distribution=distribution,
        pdf=pdf or bool(pdf_with),
        pdf_with=pdf_with or "auto",
        fonts=fonts,
    )
    if outdir is not None:
        if output:
            raise ZhoubaoError("-o 和 -d 只能给一个：单个文件用 -o，批量用 -d")
        results, index = _render_batch(paths, outdir, options)
    else:
        index = None
        results = [render.render_issue(paths[0], output, options)]
    for result in results:
        for warning in result.warnings:
            tell(f"提示：{warning}")
        made = f"{result.out}" + (f" 和 {result.pdf}" if result.pdf else "")
        tell(f"已生成 {made}")
    if index is not None:
        tell(f"已生成目录页 {index}（共 {len(results)} 期，新的在前）")
