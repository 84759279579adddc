"""The PDF preview on the clerk's machine, simulated: no Windows machine can be had for CI.

What is simulated here (monkeypatched platform, registry, install folders and subprocess):
finding LibreOffice in its Windows install folders and the registry, and on Linux under /opt;
finding Microsoft Word through its COM registration (and not WPS posing as it); the PowerShell
command that drives Word over COM; Windows process handling (a new process group, taskkill /T /F
of the converter's tree and of the Word it started) on a timeout; the Chinese lines when neither
converter is there. The POSIX path (a session of its own, killpg) runs for real in test_writer.py.
"""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

import pytest

from zhoubao.errors import ZhoubaoError
from zhoubao.word import pdf

WORD_EXE = r"C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE"
WORD_CLSID = "{000209FF-0000-0000-C000-000000000046}"


def registry(values: dict[tuple[str, str], str]):
    return lambda root, key, name="": values.get((root, key))


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A simulated Windows: nothing on PATH, an empty registry, Program Files folders under tmp_path."""
    monkeypatch.setattr(pdf, "_windows", lambda: True)
    monkeypatch.setattr(pdf, "_registry", registry({}))
    bare = tmp_path / "bin"
    bare.mkdir()
    monkeypatch.setenv("PATH", str(bare))
    monkeypatch.delenv("ZHOUBAO_SOFFICE", raising=False)
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    for name, folder in (("ProgramFiles", "Program Files"), ("ProgramFiles(x86)", "Program Files (x86)")):
        (tmp_path / folder).mkdir()
        monkeypatch.setenv(name, str(tmp_path / folder))
    monkeypatch.delenv("ProgramW6432", raising=False)
    return tmp_path


def install(root: Path, folder: str = "LibreOffice") -> Path:
    exe = root / folder / "program" / "soffice.exe"
    exe.parent.mkdir(parents=True)
    exe.write_bytes(b"MZ")
    return exe


# ----------------------------------------------------------------------------- finding the converters


def test_libreoffice_in_program_files_is_found(windows: Path) -> None:
    assert pdf.find_soffice() is None
    x86 = install(windows / "Program Files (x86)")
    assert pdf.find_soffice() == str(x86)
    native = install(windows / "Program Files")
    assert pdf.find_soffice() == str(native)  # the 64-bit install first


def test_libreoffice_from_the_registry(windows: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = install(windows / "D盘软件", "LibreOffice 7.6")
    monkeypatch.setattr(
        pdf, "_registry", registry({("HKLM", r"SOFTWARE\LibreOffice\UNO\InstallPath"): str(elsewhere.parent)})
    )
    assert pdf.find_soffice() == str(elsewhere)


def test_zhoubao_soffice_names_it(windows: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = install(windows / "portable")
    install(windows / "Program Files")
    monkeypatch.setenv("ZHOUBAO_SOFFICE", str(chosen))
    assert pdf.find_soffice() == str(chosen)


def test_linux_install_locations(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf, "_windows", lambda: False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("ZHOUBAO_SOFFICE", raising=False)
    tarball = tmp_path / "opt" / "libreoffice7.6" / "program" / "soffice"
    tarball.parent.mkdir(parents=True)
    tarball.write_text("")
    seen: list[str] = []

    def fake_glob(pattern: str) -> list[str]:
        seen.append(pattern)
        return [str(tarball)] if pattern == "/opt/libreoffice*/program/soffice" else []

    monkeypatch.setattr(pdf.glob, "glob", fake_glob)
    assert pdf.find_soffice() == str(tarball)
    assert "/usr/lib64/libreoffice/program/soffice" in seen  # Kylin and other RPM layouts
    assert any(p.startswith("/opt/apps/") for p in seen)  # the UOS app store layout


def test_word_is_found_through_its_com_server(windows: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert pdf.find_word() is None
    monkeypatch.setattr(
        pdf,
        "_registry",
        registry(
            {
                ("HKCR", r"Word.Application\CLSID"): WORD_CLSID,
                ("HKCR", rf"CLSID\{WORD_CLSID}\LocalServer32"): f'"{WORD_EXE}" /Automation',
            }
        ),
    )
    assert pdf.find_word() == WORD_EXE


def test_wps_posing_as_word_is_not_word(windows: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        pdf,
        "_registry",
        registry(
            {
                ("HKCR", r"Word.Application\CLSID"): WORD_CLSID,
                ("HKCR", rf"CLSID\{WORD_CLSID}\LocalServer32"): r"C:\WPS Office\11.1\office6\wps.exe /Automation",
            }
        ),
    )
    assert pdf.find_word() is None


def test_word_from_app_paths(windows: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        pdf,
        "_registry",
        registry({("HKLM", r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\Winword.exe"): WORD_EXE}),
    )
    assert pdf.find_word() == WORD_EXE


def test_no_word_off_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "_windows", lambda: False)
    assert pdf.find_word() is None


# ----------------------------------------------------------------------------- converting, simulated


class FakeProcess:
    """subprocess.Popen as a converter: records how it was started; `act` plays the converter."""

    started: list[FakeProcess] = []

    def __init__(self, command: list[str], **kwargs) -> None:
        self.command, self.kwargs, self.pid, self.returncode = command, kwargs, 4000 + len(self.started), None
        self.killed = False
        FakeProcess.started.append(self)

    def communicate(self, timeout: float | None = None) -> tuple[bytes, bytes]:
        code, out, err = type(self).act(self)
        self.returncode = code
        return out, err

    def kill(self) -> None:
        self.killed = True

    @staticmethod
    def act(process: FakeProcess) -> tuple[int, bytes, bytes]:
        raise NotImplementedError


@pytest.fixture
def processes(monkeypatch: pytest.MonkeyPatch):
    """Popen and run replaced; returns (the started processes, the commands run)."""
    FakeProcess.started = []
    ran: list[list[str]] = []
    monkeypatch.setattr(pdf.subprocess, "Popen", FakeProcess)
    monkeypatch.setattr(pdf.subprocess, "run", lambda command, **kw: ran.append(command))
    return FakeProcess.started, ran


def script_of(command: list[str]) -> str:
    return base64.b64decode(command[command.index("-EncodedCommand") + 1]).decode("utf-16-le")


def docx(tmp_path: Path) -> Path:
    path = tmp_path / "周报.docx"
    path.write_bytes(b"PK")
    return path


def with_word(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "find_word", lambda: WORD_EXE)


def test_auto_takes_word_on_windows_through_powershell_com(windows: Path, processes, monkeypatch, tmp_path) -> None:
    with_word(monkeypatch)
    install(windows / "Program Files")  # LibreOffice too: Word is still preferred

    def word(process: FakeProcess) -> tuple[int, bytes, bytes]:
        Path(process.kwargs["env"]["ZHOUBAO_PDF"]).write_bytes(b"%PDF-1.7 word")
        return 0, b"", b""

    monkeypatch.setattr(FakeProcess, "act", staticmethod(word))
    target = pdf.to_pdf(docx(tmp_path), tmp_path / "预览.pdf")
    assert target.read_bytes() == b"%PDF-1.7 word"
    (process,) = processes[0]
    assert "-NoProfile" in process.command and "-NonInteractive" in process.command
    script = script_of(process.command)
    for needed in (
        "New-Object -ComObject Word.Application",
        "Documents.Open($env:ZHOUBAO_DOCX",
        "ExportAsFixedFormat($env:ZHOUBAO_PDF, 17)",
        "Quit(0)",
    ):
        assert needed in script
    assert process.kwargs["env"]["ZHOUBAO_DOCX"] == str((tmp_path / "周报.docx").resolve())
    assert process.kwargs["creationflags"] & 0x200  # CREATE_NEW_PROCESS_GROUP
    assert "start_new_session" not in process.kwargs


def test_a_hung_word_is_ended_with_the_word_it_started(windows: Path, processes, monkeypatch, tmp_path) -> None:
    with_word(monkeypatch)

    def hang(process: FakeProcess) -> tuple[int, bytes, bytes]:
        if process.returncode is None and not process.killed:
            Path(process.kwargs["env"]["ZHOUBAO_WORD_PIDS"]).write_text("7777\n")
            process.returncode = -1
            raise subprocess.TimeoutExpired(process.command, 1)
        return 1, b"", b""

    monkeypatch.setattr(FakeProcess, "act", staticmethod(hang))
    with pytest.raises(ZhoubaoError, match="Word 转换 PDF 超时（1 秒），Word 文件已生成"):
        pdf.to_pdf(docx(tmp_path), tmp_path / "x.pdf", timeout=1)
    started, ran = processes
    assert ["taskkill", "/T", "/F", "/PID", str(started[0].pid)] in ran  # PowerShell and its children
    assert ["taskkill", "/F", "/PID", "7777"] in ran  # the WINWORD.EXE COM started for it
    assert not (tmp_path / "x.pdf").exists()


def test_word_failing_says_why_in_chinese(windows: Path, processes, monkeypatch, tmp_path) -> None:
    with_word(monkeypatch)
    monkeypatch.setattr(
        FakeProcess, "act", staticmethod(lambda p: (1, "ZHOUBAO-ERROR: 文件已损坏。\r\n".encode(), b""))
    )
    with pytest.raises(ZhoubaoError, match=r"Word 未能生成 PDF（文件已损坏。）.*--pdf-with libreoffice"):
        pdf.to_pdf(docx(tmp_path), tmp_path / "x.pdf")


def test_libreoffice_on_windows_in_its_own_process_group(windows: Path, processes, monkeypatch, tmp_path) -> None:
    soffice = install(windows / "Program Files")

    def convert(process: FakeProcess) -> tuple[int, bytes, bytes]:
        command = process.command
        outdir = Path(command[command.index("--outdir") + 1])
        outdir.mkdir(parents=True, exist_ok=True)
        kind = command[command.index("--convert-to") + 1].split(":")[0]
        if kind == "odt":
            import io
            import zipfile

            data = io.BytesIO()
            with zipfile.ZipFile(data, "w") as odt:
                odt.writestr("mimetype", "application/vnd.oasis.opendocument.text")
                odt.writestr("content.xml", "<x/>")
            (outdir / f"{Path(command[-1]).stem}.odt").write_bytes(data.getvalue())
        else:
            (outdir / f"{Path(command[-1]).stem}.pdf").write_bytes(b"%PDF-1.7 lo")
        return 0, b"", b""

    monkeypatch.setattr(FakeProcess, "act", staticmethod(convert))
    target = pdf.to_pdf(docx(tmp_path), tmp_path / "x.pdf")
    assert target.read_bytes() == b"%PDF-1.7 lo"
    started, _ran = processes
    assert [p.command[0] for p in started] == [str(soffice), str(soffice)]
    assert all(p.kwargs["creationflags"] & 0x200 for p in started)
    assert all("FONTCONFIG_FILE" not in p.kwargs["env"] for p in started)  # fontconfig is for Linux
    assert started[0].command[1].startswith("-env:UserInstallation=file:")


def test_a_hung_libreoffice_on_windows_is_ended_with_taskkill(windows: Path, processes, monkeypatch, tmp_path):
    install(windows / "Program Files")

    def hang(process: FakeProcess) -> tuple[int, bytes, bytes]:
        if process.returncode is None:
            process.returncode = -1
            raise subprocess.TimeoutExpired(process.command, 1)
        return 1, b"", b""

    monkeypatch.setattr(FakeProcess, "act", staticmethod(hang))
    with pytest.raises(ZhoubaoError, match="LibreOffice 转换 PDF 超时"):
        pdf.to_pdf(docx(tmp_path), tmp_path / "x.pdf", timeout=1)
    started, ran = processes
    assert ran == [["taskkill", "/T", "/F", "/PID", str(started[0].pid)]]


def test_neither_converter_on_windows_is_one_chinese_line(windows: Path, tmp_path: Path) -> None:
    with pytest.raises(ZhoubaoError, match="未找到 Microsoft Word 或 LibreOffice.*libreoffice.org.*Word 文件已生成"):
        pdf.to_pdf(docx(tmp_path), tmp_path / "x.pdf")


def test_asking_for_word_where_there_is_none(windows: Path, tmp_path: Path) -> None:
    install(windows / "Program Files")
    with pytest.raises(ZhoubaoError, match="未找到 Microsoft Word.*--pdf-with libreoffice"):
        pdf.to_pdf(docx(tmp_path), tmp_path / "x.pdf", engine="word")


def test_asking_for_libreoffice_skips_word(windows: Path, processes, monkeypatch, tmp_path) -> None:
    with_word(monkeypatch)
    with pytest.raises(ZhoubaoError, match="未找到 LibreOffice"):
        pdf.to_pdf(docx(tmp_path), tmp_path / "x.pdf", engine="libreoffice")
    assert processes[0] == []


def test_render_pdf_with_word_off_windows_keeps_the_docx(example: Path, tmp_path: Path, invoke) -> None:
    out = tmp_path / "x.docx"
    r = invoke("render", "-f", str(example), "-o", str(out), "--pdf-with", "word")
    assert r.exit_code == 1 and "未找到 Microsoft Word" in r.stderr and r.stderr.count("\n") == 1
    assert out.exists() and not out.with_suffix(".pdf").exists()


def test_render_pdf_with_reaches_the_converter(example: Path, tmp_path: Path, invoke, monkeypatch) -> None:
    asked: list[str] = []

    def fake(pairs, timeout=120, engine="auto", *, replace=False):
        asked.append(engine)
        for _docx, pdf_path in pairs:
            Path(pdf_path).write_bytes(b"%PDF")
        return [Path(pdf_path) for _docx, pdf_path in pairs]

    monkeypatch.setattr(pdf, "to_pdfs", fake)  # one issue or a batch: render converts through to_pdfs
    assert invoke("render", "-f", str(example), "-o", str(tmp_path / "a.docx"), "--pdf").exit_code == 0
    assert (
        invoke("render", "-f", str(example), "-o", str(tmp_path / "b.docx"), "--pdf-with", "libreoffice").exit_code == 0
    )
    outdir = tmp_path / "out"
    outdir.mkdir()
    assert invoke("render", str(example), "-d", str(outdir), "--pdf-with", "word").exit_code == 0
    assert asked == ["auto", "libreoffice", "word"]
    assert (tmp_path / "b.pdf").exists()
