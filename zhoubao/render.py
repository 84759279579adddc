"""Rendering issue files to Word (and PDF) or to web pages: store → compose → writer, one issue or a batch.

The kind's templates are compiled once per process (compose caches them) and the writer keeps
its prepared document template, so rendering a year of issues in one call pays for that once.
With `html=True` the same outline goes to the web writer (zhoubao.web) instead of Word: one
self-contained page per issue, and for a batch an `index.html` listing the pages newest first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from zhoubao import store
from zhoubao.compose import compose
from zhoubao.errors import ZhoubaoError
from zhoubao.model import Issue
from zhoubao.outline import Outline


@dataclass(frozen=True)
class RenderOptions:
    """What a render makes, as the clerk chose it: one record for every writer and every path
    (one issue, a batch, a site)."""

    draft: bool = False  # 送审稿: marked so, and rendered even when check finds errors
    force: bool = False  # a final render of an issue that check fails
    html: bool = False  # a web page instead of the .docx
    distribution: bool = False  # the web page prints the 版记 too
    pdf: bool = False  # a PDF preview beside the .docx
    pdf_with: str = "auto"  # what makes the PDF: auto, word, libreoffice
    fonts: str | None = None  # a font set (标准 / 系统) over the kind's choice

    @property
    def suffix(self) -> str:
        return ".html" if self.html else ".docx"

    def check(self) -> None:
        """Refuse options that belong to the other writer."""
        if self.html and self.pdf:
            raise ZhoubaoError("--html 生成网页，不生成 PDF：请去掉 --pdf / --pdf-with，或分两次生成")
        if self.html and self.fonts is not None:
            raise ZhoubaoError("--fonts 只用于 Word 文件：网页按读者电脑上有的仿宋、楷体、黑体显示，请去掉 --fonts")
        if self.distribution and not self.html:
            raise ZhoubaoError("--with-distribution 只用于网页（Word 文件总有版记）：请同时给出 --html")


DEFAULT = RenderOptions()  # a final .docx, the kind's fonts, no PDF


@dataclass
class Rendered:
    issue_path: Path
    out: Path  # the file written: the .docx, or the .html page with html=True
    pdf: Path | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def docx(self) -> Path:
        return self.out


@dataclass
class Site:
    """A batch rendered to web pages: the pages (newest first) and the index.html listing them."""

    pages: list[Rendered]
    index: Path


def default_name(issue: Issue, draft: bool = False, suffix: str = ".docx") -> str:
    """`<name>-2022年第33期.docx` (or `.html`); a draft says so in its name too. The name comes from the issue
    file, which anyone may have written (or an imported .docx's masthead): it is made one plain
    file name, so `../x` or `/abs/x` there cannot put the .docx outside the folder."""
    import re

    name = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f]', "_", issue.name).strip(" .") or "简报"
    tail = f"-{issue.label}{'-送审稿' if draft else ''}{suffix}"
    room = NAME_BYTES - len(tail.encode("utf-8"))
    name = name[:100]
    while len(name.encode("utf-8")) > room:  # a long name loses its end, never the issue's label
        name = name[:-1]
    return f"{name.rstrip(' .') or '简报'}{tail}"


# A file name may have 255 bytes (ext4, NTFS counts 255 UTF-16 units, fewer than UTF-8 bytes); the
# writer's temp file beside it adds 26 (`.NAME.<12 hex>.zhoubao-tmp`), so a default name keeps below.
NAME_BYTES = 200


def checked(
    path: Path, issue: Issue, previous: Issue | None, year_before: Issue | None = None, *, final: bool = True
) -> str:
    """What `check` finds, said by render: the final render of an issue that `check` fails
    (figures missing, an item not filled in) is refused, naming the errors; a draft (not `final`:
    `--draft` or an explicit `--force`) still renders it. Returns one line when check has
    warnings (the same news twice, a date outside the period), "" when it has none: a clerk who
    skips `check` learns there is something to look at before the bulletin goes out."""
    from zhoubao.check import ERROR, WARNING, around, check_issue

    problems = check_issue(issue, previous, year_before=year_before) + around(path, issue, previous)
    errors = [p for p in problems if p.level == ERROR]
    warnings = [p for p in problems if p.level == WARNING]
    if errors and final:
        listed = "；".join(f"{p.where}{p.message.split('：')[0]}" for p in errors[:3])
        more = f"等 {len(errors)} 个错误" if len(errors) > 3 else ""
        raise ZhoubaoError(
            f"{issue.label}还不能生成定稿：{listed}{more}。请改正（zhoubao check 列出全部），"
            "或生成送审稿（--draft），或加 --force 照样生成"
        )
    if not errors and not warnings:
        return ""
    found = "，".join(f"{n} 个{what}" for n, what in ((len(errors), "错误"), (len(warnings), "警告")) if n)
    return f"检查发现 {found}（如{warnings[0].where if warnings else errors[0].where}）：送审前请用 zhoubao check 查看"


@dataclass
class _Loaded:
    """An issue ready to write: loaded with what it is compared with, and checked if final."""

    path: Path
    issue: Issue
    previous: Issue | None
    note: str  # why the predecessor it names could not be read, if so
    year_before: Issue | None
    raw: bytes = b""  # the issue file's bytes it was read from: the .docx's fingerprint is of these
    checked: str = ""  # how many warnings (and, for a draft, errors) check finds, if any


def _load(path: Path, options: RenderOptions) -> _Loaded:
    """Load an issue, its predecessor and the same period a year earlier; a final render (not
    `draft`) of an issue with errors is refused unless `force`."""
    issue, raw = store.read_issue(path)
    previous, note = store.load_previous(path, issue)
    year_before = store.load_year_before(path, issue)
    said = checked(path, issue, previous, year_before, final=not options.draft and not options.force)
    return _Loaded(path, issue, previous, note, year_before, raw, said)


def render_issue(
    issue_path: Path, out: Path | None = None, options: RenderOptions = DEFAULT, *, outdir: Path | None = None
) -> Rendered:
    """Render one issue file to `out`, or by its default name into `outdir` or beside it. A final
    render (not `options.draft`) of an issue with errors is refused unless `options.force`."""
    options.check()
    loaded = _load(issue_path, options)
    if options.html:
        return _write_html(loaded, out, outdir, options)
    return _write(loaded, out, outdir, options)


def _output_path(loaded: _Loaded, out: Path | None, outdir: Path | None, options: RenderOptions) -> Path:
    """Where the render goes: `out`, or the default name in `outdir` or beside the issue file."""
    suffix = options.suffix
    if out is None:
        out = (outdir or loaded.path.parent) / default_name(loaded.issue, options.draft, suffix)
    if out.is_dir():
        raise ZhoubaoError(f"{out} 是文件夹：请用 -o 给出 {suffix} 文件名，或用 -d 指定输出文件夹")
    allowed = (".html", ".htm") if suffix == ".html" else (suffix,)
    if out.suffix.lower() not in allowed:
        raise ZhoubaoError(f"输出文件 {out} 不是 {suffix}：请以 {suffix} 结尾")
    if not out.parent.is_dir():
        raise ZhoubaoError(f"输出文件夹 {out.parent} 不存在：请先创建它")
    store.refuse_issue_target(out, "输出文件")
    return out


def _claim(loaded: _Loaded, out: Path, options: RenderOptions) -> bool:
    """Check every file this render writes before anything is written (docs/safety.md, 输出文件):
    nothing there, or a regular file this user may write that is the tool's own earlier output
    of the same issue (or `options.force`); never a FIFO, device or folder. Returns whether the
    PDF beside the .docx may be replaced: it follows its .docx, so an existing PDF counts as ours
    only when the .docx beside it was our earlier render of this issue."""
    from zhoubao import safefiles, word
    from zhoubao.compose import document_title

    title = document_title(loaded.issue)
    if options.html:
        safefiles.check_output(out, "网页", force=options.force, ours=lambda p: _earlier_page(p, title))
        return False
    earlier = safefiles.check_output(
        out, "Word 文件", force=options.force, ours=lambda p: word.is_earlier_render(p, title)
    )
    replace_pdf = options.force or earlier is not None
    if options.pdf:
        safefiles.check_output(out.with_suffix(".pdf"), "PDF 文件", force=replace_pdf)
    return replace_pdf


def _earlier_page(path: Path, title: str | None) -> bool:
    from zhoubao import web
    from zhoubao.safefiles import read_head

    return web.is_earlier_page(read_head(path, 8192), title)


def _write_html(loaded: _Loaded, out: Path | None, outdir: Path | None, options: RenderOptions) -> Rendered:
    """Compose an issue already loaded (and checked) and write its web page."""
    from zhoubao import web
    from zhoubao.compose import document_title
    from zhoubao.safefiles import write_new_file

    outline = _compose(loaded, options.draft)
    out = _output_path(loaded, out, outdir, options)
    _claim(loaded, out, options)
    title = document_title(loaded.issue)
    page = web.page_html(outline, distribution=options.distribution).encode("utf-8")
    write_new_file(out, page, "网页", force=options.force, ours=lambda p: _earlier_page(p, title))
    return Rendered(loaded.path, out, warnings=_warnings(outline, loaded))


def _write(loaded: _Loaded, out: Path | None, outdir: Path | None, options: RenderOptions) -> Rendered:
    """Compose and write an issue already loaded (and checked, for a final render); the .docx
    carries the fingerprint of the bytes it was rendered from, and those bytes are kept as a sent
    version (store/sent.py) for `import --into` to compare the approved file with."""
    from zhoubao import word

    outline = _compose(loaded, options.draft)
    if options.fonts is not None:
        from zhoubao.word import font_set_name

        outline = dataclasses.replace(outline, layout={**outline.layout, "fonts": font_set_name(options.fonts)})
    fingerprint = store.Fingerprint.of(loaded.issue, loaded.raw)
    outline = dataclasses.replace(
        outline, properties=dataclasses.replace(outline.properties, custom=fingerprint.properties())
    )
    out = _output_path(loaded, out, outdir, options)
    replace_pdf = _claim(loaded, out, options)
    fitted = word.write_docx(outline, out, force=options.force)
    note = word.fit_note(outline, fitted)  # what it took to fit the 版记, or by how much the text is over
    kept = store.keep_sent(loaded.path, loaded.raw)
    said = [note] if note else []
    result = Rendered(loaded.path, out, warnings=_warnings(outline, loaded) + said + ([kept] if kept else []))
    if options.pdf:
        _add_pdfs([result], options, replace_pdf)
    return result


PDF_SECONDS = 120  # for one issue's preview; a batch adds PDF_SECONDS_EACH for every further issue
PDF_SECONDS_EACH = 30


def _add_pdfs(results: list[Rendered], options: RenderOptions, replace: bool) -> None:
    """The PDF preview beside each .docx written, all in one conversion (LibreOffice starts once
    for a batch, not once an issue), and which free faces stood in for the official ones."""
    from zhoubao.word.pdf import find_word, stand_in_note, to_pdfs

    pairs = [(result.out, result.out.with_suffix(".pdf")) for result in results]
    seconds = PDF_SECONDS + PDF_SECONDS_EACH * (len(pairs) - 1)
    stand_ins = options.pdf_with != "word" and not find_word()  # asked once for the batch
    for result, pdf in zip(results, to_pdfs(pairs, seconds, options.pdf_with, replace=replace), strict=True):
        result.pdf = pdf
        if stand_ins:
            fonts_note = stand_in_note(result.out)  # which free faces stood in for which official ones
            result.warnings.extend([fonts_note] if fonts_note else [])


def _compose(loaded: _Loaded, draft: bool) -> Outline:
    return compose(loaded.issue, draft=draft, previous=loaded.previous, year_before=loaded.year_before)


def _warnings(outline: Outline, loaded: _Loaded) -> list[str]:
    """What compose left out and why, and a predecessor that could not be read."""
    return list(outline.warnings) + [line for line in (loaded.note, loaded.checked) if line]


def render_many(
    issue_paths: Iterable[Path],
    outdir: Path,
    options: RenderOptions = DEFAULT,
    *,
    progress: Callable[[Rendered], None] | None = None,
) -> list[Rendered]:
    """Render every issue into `outdir` in this one process; stops at the first bad issue.

    The folder is made when missing. Two issues that would write the same file (the same name
    and label) are refused before anything is written. With `options.html`, web pages and an
    index.html listing them newest first (`render_site` returns that index too).
    """
    return _render_many(issue_paths, outdir, options, progress)[0]


def render_site(
    issue_paths: Iterable[Path],
    outdir: Path,
    options: RenderOptions = DEFAULT,
    *,
    progress: Callable[[Rendered], None] | None = None,
) -> Site:
    """A small archive site in `outdir`: one page per issue and index.html, newest first, with
    relative links (it opens from a plain folder, no server needed). Web pages whatever
    `options.html` says."""
    pages, index = _render_many(issue_paths, outdir, dataclasses.replace(options, html=True), progress)
    assert index is not None
    return Site(pages, index)


INDEX_NAME = "index.html"


def _render_many(
    issue_paths: Iterable[Path],
    outdir: Path,
    options: RenderOptions,
    progress: Callable[[Rendered], None] | None,
) -> tuple[list[Rendered], Path | None]:
    options.check()
    paths = list(issue_paths)
    names: dict[str, Path] = {}
    loaded: list[_Loaded] = []
    for path in paths:  # every issue is loaded and checked, once, before any file is written
        try:
            one = _load(path, options)
        except ZhoubaoError as e:
            raise ZhoubaoError(f"{path.name}：{e.message}（未生成任何文件）") from None
        name = default_name(one.issue, options.draft, options.suffix)
        if name in names:
            raise ZhoubaoError(
                f"{names[name].name} 和 {path.name} 都会生成 {name}：同一期只能给一个期刊文件，"
                "请删去其一（未生成任何文件）"
            )
        names[name] = path
        loaded.append(one)
    if outdir.exists() and not outdir.is_dir():
        raise ZhoubaoError(f"{outdir} 不是文件夹：请用 -d 给出输出文件夹")
    if options.html:
        store.refuse_issue_target(outdir / INDEX_NAME, "目录页")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ZhoubaoError(f"无法创建输出文件夹 {outdir}（{e.strerror}）：请检查路径和权限") from None
    replace_pdfs = True  # every PDF there may be replaced: each was claimed below, or there is none
    for one in loaded:  # every output is checked before the first is written
        try:
            out = outdir / default_name(one.issue, options.draft, options.suffix)
            replace_pdfs &= _claim(one, out, options) or not out.with_suffix(".pdf").exists()
        except ZhoubaoError as e:
            raise ZhoubaoError(f"{one.path.name}：{e.message}（未生成任何文件）") from None
    if options.html:
        from zhoubao.safefiles import check_output

        check_output(outdir / INDEX_NAME, "目录页", force=options.force, ours=lambda p: _earlier_page(p, None))
        # newest first: the index lists them so, and the pages are written in that order
        loaded.sort(key=lambda one: archive_order(one.issue), reverse=True)
    write = _write_html if options.html else _write
    each = dataclasses.replace(options, pdf=False)  # the previews are made together, after the .docx
    done = []
    for one in loaded:
        try:
            result = write(one, None, outdir, each)
        except ZhoubaoError as e:
            raise ZhoubaoError(f"{one.path.name}：{e.message}") from None
        done.append(result)
        if progress is not None:
            progress(result)
    if not options.html:
        if options.pdf and done:
            _add_pdfs(done, options, replace_pdfs)
        return done, None
    pages = [(result.out, one.issue) for result, one in zip(done, loaded, strict=True)]
    return done, _write_index(outdir, pages, options.force)


def archive_order(issue: Issue) -> tuple[int, int, int]:
    """Where an issue stands in its archive: by year and 期号, a year's supplements after its
    regular issues. Not by 印发日期: an issue printed late (33 on 1 November) would stand after
    the one that follows it (34 printed on 17 October)."""
    return issue.year, 0 if issue.supplement else 1, issue.number


def _write_index(outdir: Path, pages: list[tuple[Path, Issue]], force: bool) -> Path:
    """index.html: a link to each page, in the order given (newest first)."""
    from zhoubao import dates, web
    from zhoubao.safefiles import write_new_file

    entries = [
        web.IndexEntry(
            file_name=page.name,
            title=f"{issue.name} {issue.full_label}",
            period=f"{dates.cn_date(issue.period_start)}至{dates.cn_date(issue.period_end)}",
            date=dates.cn_date(issue.date),
        )
        for page, issue in pages
    ]
    names = list(dict.fromkeys(issue.name for _page, issue in pages))
    title = f"{names[0]}归档" if len(names) == 1 else "简报归档"
    index = outdir / INDEX_NAME
    page = web.index_html(entries, title).encode("utf-8")
    write_new_file(index, page, "目录页", force=force, ours=lambda p: _earlier_page(p, None))
    return index
