"""Preview: .docx → PDF with LibreOffice, the official Chinese fonts mapped to free stand-ins.

The .docx keeps the official font names (the reader's machine supplies them); for a preview on
Linux a generated fontconfig file, passed as FONTCONFIG_FILE, maps each name to a free font.
Every conversion gets its own throwaway LibreOffice profile and a time limit, and the PDF is
checked afterwards: LibreOffice can exit 0 without writing one.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path
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

_MISSING = ("未找到 LibreOffice：请安装 libreoffice-writer-nogui（如 apt-get install -y libreoffice-writer-nogui "
            "fonts-noto-cjk fonts-arphic-ukai），Word 文件已生成。")


def find_soffice() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def fontconfig_text(fonts: dict[str, str] | None = None, bold: frozenset[str] = PREVIEW_BOLD) -> str:
    """A fontconfig file: the system configuration plus one strong substitution per official name."""
    rules = []
    for official, stand_in in (fonts or PREVIEW_FONTS).items():
        weight = ('    <edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>\n'
                  if official in bold else "")
        rules.append(
            '  <match target="pattern">\n'
            f'    <test qual="any" name="family"><string>{escape(official)}</string></test>\n'
            f'    <edit name="family" mode="assign" binding="strong"><string>{escape(stand_in)}</string></edit>\n'
            + weight + "  </match>\n")
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
            + "".join(rules) + "</fontconfig>\n")


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


def _convert(soffice: str, source: Path, target_format: str, outdir: Path, workdir: Path, deadline: float) -> Path:
    """One LibreOffice conversion with the preview's fonts and profile; the produced file."""
    command = [soffice, f"-env:UserInstallation={(workdir / 'profile').as_uri()}", "--headless",
               "--norestore", "--nologo", "--nodefault", "--convert-to", target_format,
               "--outdir", str(outdir), str(source)]
    env = {**os.environ, "FONTCONFIG_FILE": str(workdir / "fonts.conf")}
    # A session of its own, so a timeout can end soffice.bin and not just its launcher.
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    timeout = max(deadline - time.monotonic(), 1)
    try:
        _out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise _Timeout from None
    produced = outdir / f"{source.stem}.{target_format.split(':')[0]}"
    if process.returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1] if detail else f"退出码 {process.returncode}"
        raise ZhoubaoError(f"LibreOffice 未能生成 PDF（{reason}），Word 文件已生成。")
    return produced


class _Timeout(Exception):
    pass


def to_pdf(docx_path: str | Path, pdf_path: str | Path, timeout: float = 120) -> Path:
    """Convert `docx_path` to `pdf_path`; raise ZhoubaoError with a Chinese message on failure.

    .docx → .odt → Word's line-breaking settings (`word_like_odt`) → PDF, in one throwaway profile.
    """
    soffice = find_soffice()
    if soffice is None:
        raise ZhoubaoError(_MISSING)
    source, target = Path(docx_path).resolve(), Path(pdf_path)
    if not source.is_file():
        raise ZhoubaoError(f"找不到要转换的 Word 文件：{source}。")
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="zhoubao-pdf-") as work:
        workdir = Path(work)
        (workdir / "fonts.conf").write_text(fontconfig_text(), encoding="utf-8")
        try:
            odt = _convert(soffice, source, "odt:writer8", workdir / "odt", workdir, deadline)
            fixed = workdir / "word-like" / odt.name
            fixed.parent.mkdir()
            fixed.write_bytes(word_like_odt(odt.read_bytes()))
            produced = _convert(soffice, fixed, "pdf:writer_pdf_Export", workdir / "out", workdir, deadline)
        except _Timeout:
            raise ZhoubaoError(f"LibreOffice 转换 PDF 超时（{timeout:g} 秒），Word 文件已生成。") from None
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), str(target))
    return target
