"""Preview: .docx → PDF, with Microsoft Word where it is installed (Windows), else LibreOffice.

With Word the preview is Word's own layout: a PowerShell script drives Word.Application over COM
(Documents.Open → ExportAsFixedFormat). With LibreOffice the official Chinese fonts are mapped to
free stand-ins: the .docx keeps the official font names (the reader's machine supplies them); for
a preview on Linux a generated fontconfig file, passed as FONTCONFIG_FILE, maps each name to a free
font. Every conversion gets a time limit and runs in a process group of its own, so a hung
converter is ended with all it started (POSIX: a session and killpg; Windows: a new process group
and taskkill /T); LibreOffice gets a throwaway profile, and the PDF is checked afterwards: a
converter can exit 0 without writing one.
"""

from __future__ import annotations

import base64
import glob
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from zhoubao.errors import ZhoubaoError

# Official name -> free stand-in (Debian: fonts-noto-cjk, fonts-arphic-ukai), for both font sets.
PREVIEW_FONTS: dict[str, str] = {
    "仿宋_GB2312": "Noto Serif CJK SC",
    "仿宋": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "方正小标宋简体": "Noto Serif CJK SC",
    "华文中宋": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
    "楷体_GB2312": "AR PL UKai CN",
    "楷体": "AR PL UKai CN",
}
# 小标宋 and 中宋 are heavy faces: their stand-in is taken in bold, or the masthead looks thin.
PREVIEW_BOLD = frozenset({"方正小标宋简体", "华文中宋"})

ENGINES = ("auto", "word", "libreoffice")  # what makes the PDF: auto takes Word where it is installed

_MISSING = (
    "未找到 LibreOffice：请安装 libreoffice-writer-nogui（如 apt-get install -y libreoffice-writer-nogui "
    "fonts-noto-cjk fonts-arphic-ukai），Word 文件已生成。"
)
_MISSING_WINDOWS = (
    "未找到 Microsoft Word 或 LibreOffice：装有其中一个即可生成 PDF 预览（LibreOffice 可从 "
    "https://zh-cn.libreoffice.org 下载安装），Word 文件已生成。"
)
_NO_WORD = (
    "未找到 Microsoft Word：--pdf-with word 只能在装有 Word 的 Windows 电脑上使用，"
    "可改用 --pdf-with libreoffice，Word 文件已生成。"
)

# Windows process-creation flags (subprocess's own names exist only on Windows).
_CREATE_NEW_PROCESS_GROUP = 0x00000200
_CREATE_NO_WINDOW = 0x08000000


def _windows() -> bool:
    """Whether this is Windows (a function, so tests can simulate it)."""
    return sys.platform == "win32"


def _registry(root: str, key: str, name: str = "") -> str | None:
    """A string value from the Windows registry (HKLM, HKCR or HKCU; 64- and 32-bit views); None
    where there is none, or no registry."""
    if sys.platform != "win32":
        return None
    import winreg

    hive = {"HKLM": winreg.HKEY_LOCAL_MACHINE, "HKCR": winreg.HKEY_CLASSES_ROOT, "HKCU": winreg.HKEY_CURRENT_USER}[root]
    for view in (winreg.KEY_WOW64_64KEY, winreg.KEY_WOW64_32KEY):
        try:
            with winreg.OpenKey(hive, key, 0, winreg.KEY_READ | view) as handle:
                value, _kind = winreg.QueryValueEx(handle, name)
        except OSError:
            continue
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def soffice_candidates() -> list[Path]:
    """Where LibreOffice is installed when it is not on PATH, newest-looking first."""
    found: list[str] = []
    if _windows():
        registered = _registry("HKLM", r"SOFTWARE\LibreOffice\UNO\InstallPath")
        if registered:
            found.append(os.path.join(registered, "soffice.exe"))
        roots = [os.environ.get(name) for name in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")]
        for root in dict.fromkeys(r for r in roots if r):
            found += sorted(
                glob.glob(os.path.join(glob.escape(root), "LibreOffice*", "program", "soffice.exe")), reverse=True
            )
    else:
        for pattern in (
            "/opt/libreoffice*/program/soffice",  # libreoffice.org's own packages
            "/usr/lib/libreoffice/program/soffice",
            "/usr/lib64/libreoffice/program/soffice",
            "/opt/apps/*libreoffice*/files/program/soffice",  # UOS app store layout
            "/opt/apps/*libreoffice*/files/*/program/soffice",
            "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        ):
            found += sorted(glob.glob(pattern), reverse=True)
    return [Path(p) for p in dict.fromkeys(found)]


def find_soffice() -> str | None:
    """The LibreOffice executable: ZHOUBAO_SOFFICE if set, else on PATH, else an install location."""
    chosen = os.environ.get("ZHOUBAO_SOFFICE", "").strip()
    if chosen:
        return chosen if Path(chosen).is_file() else None
    on_path = shutil.which("soffice") or shutil.which("libreoffice")
    if on_path:
        return on_path
    return next((str(p) for p in soffice_candidates() if p.is_file()), None)


def find_word() -> str | None:
    """WINWORD.EXE where Microsoft Word is installed (Windows only): the server registered for
    Word.Application, else Word's App Paths entry. None elsewhere, and where Word.Application is
    served by another program (WPS in its compatibility mode): its layout is not Word's."""
    if not _windows():
        return None
    clsid = _registry("HKCR", r"Word.Application\CLSID")
    server = _registry("HKCR", rf"CLSID\{clsid}\LocalServer32") if clsid else None
    if server is None:
        server = _registry("HKLM", r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\Winword.exe")
    if server is None or "winword.exe" not in server.lower():
        return None
    end = server.lower().index("winword.exe") + len("winword.exe")  # quoted or not, with arguments after
    return server[:end].strip().lstrip('"')


def _powershell() -> str:
    """Windows PowerShell (on every Windows since 7), else PowerShell 7."""
    found = shutil.which("powershell") or shutil.which("pwsh")
    if found:
        return found
    return os.path.join(
        os.environ.get("SystemRoot", r"C:\Windows"), "System32", "WindowsPowerShell", "v1.0", "powershell.exe"
    )


def fontconfig_text(fonts: dict[str, str] | None = None, bold: frozenset[str] = PREVIEW_BOLD) -> str:
    """A fontconfig file: the system configuration plus one strong substitution per official name."""
    rules = []
    for official, stand_in in (fonts or PREVIEW_FONTS).items():
        weight = (
            '    <edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>\n'
            if official in bold
            else ""
        )
        rules.append(
            '  <match target="pattern">\n'
            f'    <test qual="any" name="family"><string>{escape(official)}</string></test>\n'
            f'    <edit name="family" mode="assign" binding="strong"><string>{escape(stand_in)}</string></edit>\n'
            + weight
            + "  </match>\n"
        )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n' + "".join(rules) + "</fontconfig>\n"
    )


def word_like_odt(odt: bytes) -> bytes:
    """An OpenDocument text laid out the way Word lays out our .docx.

    LibreOffice's .docx import ignores `w:autoSpaceDE`/`w:autoSpaceDN` (it keeps the gap between
    Chinese and Latin letters or digits that Word leaves out) and reads `w:overflowPunct="0"` as
    "hang punctuation into the margin" (Word keeps it inside). Either makes its lines differ from
    Word's. In OpenDocument both are plain paragraph attributes, so the preview goes through an
    .odt with them set as Word has them: no automatic gap, no hanging punctuation.
    """
    source = zipfile.ZipFile(io.BytesIO(odt))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        for name in sorted(names, key=lambda n: n != "mimetype"):  # mimetype first, stored
            data = source.read(name)
            if name in ("styles.xml", "content.xml"):
                data = re.sub(rb'style:text-autospace="[^"]*"', b'style:text-autospace="none"', data)
                data = re.sub(rb'style:punctuation-wrap="[^"]*"', b'style:punctuation-wrap="simple"', data)
            target.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return out.getvalue()


def stand_ins(docx_path: str | Path) -> dict[str, str]:
    """The official faces the .docx names that this machine lacks, each with the free face the
    LibreOffice preview sets it in (fontconfig's answer through PREVIEW_FONTS, as the conversion
    sees it). Empty with Word (it has what it has) or where every face is installed."""
    if _windows() or shutil.which("fc-list") is None:
        return {}
    try:
        with zipfile.ZipFile(docx_path) as package:
            table = package.read("word/fontTable.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return {}
    named = [name for name in re.findall(r'<w:font w:name="([^"]+)"', table) if name in PREVIEW_FONTS]
    found: dict[str, str] = {}
    for name in named:
        listed = subprocess.run(
            ["fc-list", f":family={name}", "family"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
        if not listed.strip():
            found[name] = PREVIEW_FONTS[name] + (" 粗体" if name in PREVIEW_BOLD else "")
    return found


def stand_in_note(docx_path: str | Path) -> str | None:
    """One line for the clerk: which stand-in faces the preview used for which official ones."""
    found = stand_ins(docx_path)
    if not found:
        return None
    pairs = "，".join(f"{official}→{stand_in}" for official, stand_in in found.items())
    return f"本机未装正式字体，PDF 预览用替代字体：{pairs}；Word 文件仍用正式字体，在装有这些字体的电脑上显示正确。"


class _Timeout(Exception):
    pass


def _run(command: list[str], env: dict[str, str], deadline: float) -> tuple[int, bytes, bytes]:
    """Run a converter in a process group of its own; at the deadline end it with everything it
    started and raise _Timeout."""
    # A process group (Windows) or a session (POSIX) of its own, so a timeout can end soffice.bin
    # and not just its launcher.
    group: dict[str, Any] = (
        {"creationflags": _CREATE_NEW_PROCESS_GROUP | _CREATE_NO_WINDOW} if _windows() else {"start_new_session": True}
    )
    process = subprocess.Popen(
        command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **group
    )
    try:
        out, err = process.communicate(timeout=max(deadline - time.monotonic(), 1))
    except subprocess.TimeoutExpired:
        _end_tree(process)
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        raise _Timeout from None
    return process.returncode, out, err


def _end_tree(process: subprocess.Popen) -> None:
    """End a converter and every process it started."""
    if _windows():
        _kill_pids([process.pid], tree=True)
        process.kill()  # in case taskkill itself was missing
    elif sys.platform != "win32":  # always here; says to type checkers that killpg exists
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _kill_pids(pids: list[int], tree: bool = False) -> None:
    """taskkill /F (and /T: with the processes they started) on Windows."""
    for pid in pids:
        command = ["taskkill", *(["/T"] if tree else []), "/F", "/PID", str(pid)]
        try:
            subprocess.run(
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=30,
                check=False,
                creationflags=_CREATE_NO_WINDOW,
            )
        except (OSError, subprocess.TimeoutExpired):
            pass


def _last_line(raw: bytes, fallback: str) -> str:
    """The last line a converter printed (UTF-8, else the Chinese code page), for an error message."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", "replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else fallback


def _produced(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


def _convert(
    soffice: str, sources: list[Path], target_format: str, outdir: Path, workdir: Path, deadline: float
) -> list[Path]:
    """One LibreOffice run with the preview's fonts and profile, converting every one of `sources`
    (their stems differ: each makes outdir/STEM.EXT); the produced files, in order."""
    command = [
        soffice,
        f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--convert-to",
        target_format,
        "--outdir",
        str(outdir),
        *(str(source) for source in sources),
    ]
    env = dict(os.environ)
    if not _windows():  # LibreOffice on Windows finds fonts without fontconfig
        env["FONTCONFIG_FILE"] = str(workdir / "fonts.conf")
    code, _out, err = _run(command, env, deadline)
    produced = [outdir / f"{source.stem}.{target_format.split(':')[0]}" for source in sources]
    if code != 0 or not all(_produced(path) for path in produced):
        reason = _last_line(err, f"退出码 {code}")
        raise ZhoubaoError(f"LibreOffice 未能生成 PDF（{reason}），Word 文件已生成。")
    return produced


# Word over COM. Paths come in through the environment (no quoting); the script is passed with
# -EncodedCommand, which no execution policy stops. Word instances the script starts are written
# down, so that a timeout can end them too: COM starts Word outside the script's process tree.
WORD_SCRIPT = r"""
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
$word = $null
try {
    $before = @(Get-Process WINWORD -ErrorAction SilentlyContinue | ForEach-Object { $_.Id })
    $word = New-Object -ComObject Word.Application
    Get-Process WINWORD -ErrorAction SilentlyContinue | Where-Object { $before -notcontains $_.Id } |
        ForEach-Object { Add-Content -LiteralPath $env:ZHOUBAO_WORD_PIDS -Value $_.Id }
    $word.Visible = $false
    $word.DisplayAlerts = 0
    $doc = $word.Documents.Open($env:ZHOUBAO_DOCX, $false, $true, $false)
    try {
        $doc.ExportAsFixedFormat($env:ZHOUBAO_PDF, 17)
    } finally {
        $doc.Close(0)
    }
} catch {
    [Console]::Out.WriteLine('ZHOUBAO-ERROR: ' + $_.Exception.Message)
    exit 1
} finally {
    if ($word -ne $null) {
        $word.Quit(0)
        [void][System.Runtime.InteropServices.Marshal]::ReleaseComObject($word)
    }
}
exit 0
"""


def word_command() -> list[str]:
    """PowerShell running WORD_SCRIPT."""
    encoded = base64.b64encode(WORD_SCRIPT.encode("utf-16-le")).decode("ascii")
    return [_powershell(), "-NoProfile", "-NonInteractive", "-EncodedCommand", encoded]


def _word_to_pdf(source: Path, produced: Path, workdir: Path, deadline: float) -> Path:
    """The PDF as Microsoft Word exports it."""
    pids = workdir / "word-pids.txt"
    env = {**os.environ, "ZHOUBAO_DOCX": str(source), "ZHOUBAO_PDF": str(produced), "ZHOUBAO_WORD_PIDS": str(pids)}
    try:
        code, out, err = _run(word_command(), env, deadline)
    except _Timeout:
        started = pids.read_text(encoding="utf-8", errors="replace").split() if pids.is_file() else []
        _kill_pids([int(p) for p in started if p.isdigit()])
        raise
    if code != 0 or not _produced(produced):
        said = _last_line(out, "") or _last_line(err, f"退出码 {code}")
        reason = said.removeprefix("ZHOUBAO-ERROR:").strip()
        raise ZhoubaoError(f"Word 未能生成 PDF（{reason}），Word 文件已生成；可改用 --pdf-with libreoffice。")
    return produced


def to_pdf(
    docx_path: str | Path, pdf_path: str | Path, timeout: float = 120, engine: str = "auto", *, replace: bool = False
) -> Path:
    """Convert `docx_path` to `pdf_path`; raise ZhoubaoError with a Chinese message on failure.

    `engine`: "word" (Microsoft Word, Windows), "libreoffice", or "auto" (Word where it is
    installed, else LibreOffice). LibreOffice goes .docx → .odt → Word's line-breaking settings
    (`word_like_odt`) → PDF, in one throwaway profile.
    """
    return to_pdfs([(docx_path, pdf_path)], timeout, engine, replace=replace)[0]


def _rounds(sources: list[Path]) -> list[list[int]]:
    """The indexes of `sources` in groups whose stems differ (LibreOffice names what it makes in
    --outdir after the stem): the first of each stem in the first group, the second in the next …"""
    rounds: list[list[int]] = []
    seen: dict[str, int] = {}
    for index, source in enumerate(sources):
        stem = source.stem.casefold()  # Windows and macOS file names ignore case
        turn = seen[stem] = seen.get(stem, -1) + 1
        if turn == len(rounds):
            rounds.append([])
        rounds[turn].append(index)
    return rounds


def to_pdfs(
    pairs: Sequence[tuple[str | Path, str | Path]],
    timeout: float = 120,
    engine: str = "auto",
    *,
    replace: bool = False,
) -> list[Path]:
    """`to_pdf` for several (.docx, PDF) pairs, `timeout` for all of them: LibreOffice starts once per
    step for every file whose name differs (its start, not the conversion, takes most of the
    seconds); Word converts one file after the other. The PDFs, in order."""
    if engine not in ENGINES:
        raise ZhoubaoError(f"不认识的 PDF 生成方式“{engine}”：可用 {'、'.join(ENGINES)}")
    word = find_word() if engine in ("auto", "word") else None
    if engine == "word" and word is None:
        raise ZhoubaoError(_NO_WORD)
    soffice = None if word else find_soffice()
    if word is None and soffice is None:
        raise ZhoubaoError(_MISSING_WINDOWS if _windows() and engine == "auto" else _MISSING)
    sources, targets = [Path(docx).resolve() for docx, _ in pairs], [Path(target) for _, target in pairs]
    for source in sources:
        if not source.is_file():
            raise ZhoubaoError(f"找不到要转换的 Word 文件：{source}。")
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="zhoubao-pdf-") as work:
        workdir = Path(work)
        produced: list[Path] = [workdir] * len(sources)
        try:
            if not word:
                (workdir / "fonts.conf").write_text(fontconfig_text(), encoding="utf-8")
            for turn, indexes in enumerate(_rounds(sources)):
                base = workdir / str(turn) if turn else workdir
                group = [sources[i] for i in indexes]
                if word:
                    (base / "out").mkdir(parents=True)
                    made = [
                        _word_to_pdf(source, base / "out" / f"{source.stem}.pdf", workdir, deadline) for source in group
                    ]
                else:
                    assert soffice is not None
                    odts = _convert(soffice, group, "odt:writer8", base / "odt", workdir, deadline)
                    fixed = [base / "word-like" / odt.name for odt in odts]
                    fixed[0].parent.mkdir(parents=True)
                    for odt, word_like in zip(odts, fixed, strict=True):
                        word_like.write_bytes(word_like_odt(odt.read_bytes()))
                    made = _convert(soffice, fixed, "pdf:writer_pdf_Export", base / "out", workdir, deadline)
                for index, path in zip(indexes, made, strict=True):
                    produced[index] = path
        except _Timeout:
            who = "Word" if word else "LibreOffice"
            raise ZhoubaoError(f"{who} 转换 PDF 超时（{timeout:g} 秒），Word 文件已生成。") from None
        from zhoubao.safefiles import read_regular, write_new_file

        for made_pdf, target in zip(produced, targets, strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            try:  # the output rule of every writer (safefiles.check_output), through an exclusive temp file
                write_new_file(target, read_regular(made_pdf, _MAX_PDF_BYTES, "PDF 文件"), "PDF 文件", force=replace)
            except ZhoubaoError as e:
                raise ZhoubaoError(f"{e.message}（Word 文件已生成）") from None
    return targets


_MAX_PDF_BYTES = 512 * 1024 * 1024  # a preview of a few pages is under 1 MB
