"""The project's own layout checks (tests/layout_checks.py) on every kind of document zhoubao writes.

One test per document and rule, so a report names the rule that broke. These run with nothing
beside the repository; the external auditor, where present, is a second opinion (see conftest).
The second half plants one fault per rule in a good file and expects that rule to notice it.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.layout_checks import RULES, Package, layout_problems
from tests.seed_outline import long_outline, seed_outline
from zhoubao import edits, word
from zhoubao.render import RenderOptions, render_issue

OUTLINES = {"seed": seed_outline, "three-pages": long_outline, "draft": lambda: seed_outline(draft_mark="送审稿")}
# Issue files through the whole render path, with render's options; None is the long issue below.
ISSUES = {
    "example-2022-33": ("2022-33.toml", {}),
    "example-2022-33-draft": ("2022-33.toml", {"draft": True}),
    "example-2022-33-system-fonts": ("2022-33.toml", {"fonts": "系统"}),
    "example-ggzy-2023-05": ("ggzy-2023-05.toml", {}),
    "example-ggzy-2023-05-system-fonts": ("ggzy-2023-05.toml", {"fonts": "系统"}),
    "example-ggzy-monthly-2023-05": ("ggzy-monthly-2023-05.toml", {}),
    "long-issue": (None, {}),
}


def long_issue(folder: Path) -> Path:
    """The example with a long last inspection item and a 送 line that wraps inside the 版记."""
    path = folder / "long.toml"
    shutil.copy(EXAMPLES / "2022-33.toml", path)
    edits.inspect(
        path,
        "大厅防控情况",
        "大厅人员管控到位，进出人员须出示“健康码”，落实体温监测，大厅运行保障有序。" * 12,
        replace=True,
    )
    edits.set_field(
        path,
        "送",
        "各相关省级部门（单位），中心各处（室）、直属单位，各市（州）政务服务中心，"
        "各县（市、区）政务服务中心，省直有关部门办公室",
    )
    return path


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Outlines through the writer, and issue files through the whole render path."""
    made = {name: word.render_docx(outline()) for name, outline in OUTLINES.items()}
    folder = tmp_path_factory.mktemp("layout")
    for name, (issue, options) in ISSUES.items():
        source = EXAMPLES / issue if issue else long_issue(folder)
        made[name] = render_issue(source, folder / f"{name}.docx", RenderOptions(**options)).docx.read_bytes()
    return made


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("document", [*OUTLINES, *ISSUES])
def test_layout_rule(documents: dict[str, bytes], document: str, rule: str) -> None:
    problems = RULES[rule](Package.open(documents[document]))
    assert problems == [], f"{document}: {rule}:\n" + "\n".join(problems)


# ------------------------------------------------------------------ the checks catch what they should
def replace_in_part(data: bytes, part: str, change) -> bytes:
    """The package with one part's XML text changed by `change(text) -> text`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                changed = change(content.decode("utf-8"))
                assert changed != content.decode("utf-8"), f"the fault changed nothing in {part}"
                content = changed.encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def sub(pattern: str, replacement: str, count: int = 0):
    return lambda text: re.sub(pattern, replacement, text, count=count, flags=re.S)


def append_after_table(text: str) -> str:
    """The copies line as its own paragraph below the ruled block."""
    at = text.rindex("</w:tbl>") + len("</w:tbl>")
    return text[:at] + "<w:p><w:r><w:t>（共印80份）</w:t></w:r></w:p>" + text[at:]


def without_font(name: str):
    """fontTable.xml with the entry for `name` taken out."""

    def change(text: str) -> str:
        stripped = re.sub(rf'<w:font w:name="{name}">.*?</w:font>', "", text, flags=re.S)
        # Where the font was never declared, that is the fault already; mark the part so that it changed.
        return stripped if stripped != text else text.replace("</w:fonts>", f"<!-- {name} undeclared --></w:fonts>")

    return change


FAULTS = {
    "page": ("word/document.xml", sub(r'w:top="2098"', 'w:top="1440"')),
    "line-spacing": ("word/document.xml", sub(r'w:line="5[67]\d"', 'w:line="600"')),
    "east-asian-fonts": ("word/document.xml", sub(r' w:eastAsia="黑体"', "")),
    "body-size": ("word/document.xml", sub(r'<w:sz w:val="32"/>', '<w:sz w:val="30"/>')),
    "default-language": ("word/styles.xml", sub(r"<w:lang [^>]*/>", '<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>')),
    "auto-space": ("word/styles.xml", sub(r"(<w:pPrDefault>\s*<w:pPr>)", r'\1<w:autoSpaceDE w:val="1"/>')),
    "compatibility-mode": (
        "word/settings.xml",
        sub(
            r'<w:compatSetting w:name="compatibilityMode"[^>]*/>',
            '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="11"/>',
        ),
    ),
    "font-table": ("word/fontTable.xml", without_font("黑体")),
    "heading-numbers": ("word/document.xml", sub("二、窗口工作动态", "一、窗口工作动态")),
    "copies-in-table": ("word/document.xml", append_after_table),
}


def test_every_rule_has_a_planted_fault() -> None:
    assert set(FAULTS) == set(RULES)


@pytest.mark.parametrize("rule", FAULTS)
def test_a_planted_fault_is_found_by_its_rule(documents: dict[str, bytes], rule: str) -> None:
    part, change = FAULTS[rule]
    faulty = replace_in_part(documents["seed"], part, change)
    assert RULES[rule](Package.open(faulty)), f"{rule} missed the fault planted in {part}"


def test_theme_fonts_are_found(documents: dict[str, bytes]) -> None:
    themed = replace_in_part(
        documents["seed"], "word/styles.xml", sub(r"<w:rFonts ", '<w:rFonts w:eastAsiaTheme="minorEastAsia" ', count=1)
    )
    assert any("theme" in p for p in RULES["east-asian-fonts"](Package.open(themed)))


def test_problems_name_their_rule(tmp_path: Path, documents: dict[str, bytes]) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(replace_in_part(documents["seed"], "word/document.xml", sub(r'w:top="2098"', 'w:top="1440"')))
    assert any(p.startswith("[page] ") for p in layout_problems(path))
