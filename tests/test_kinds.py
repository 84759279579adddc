"""Bulletin kinds as data: a kind written from docs/kinds.md alone, the second built-in kind, checks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import EXAMPLES, ROOT, audit, run, run_doc_commands, run_example_script
from tests.layout_checks import assert_layout


def docx_text(path: Path) -> list[str]:
    document = Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        paragraphs += [p.text for cell in table._cells for p in cell.paragraphs]
    return [t for t in paragraphs if t.strip()]


def worked_example() -> tuple[str, list[str]]:
    """The kind.toml and the commands of docs/kinds.md's worked example, as the docs give them."""
    doc = (ROOT / "docs" / "kinds.md").read_text(encoding="utf-8")
    example = doc[doc.index("## 完整例子") :]
    kind_toml = re.search(r"```toml\n(.*?)```", example, re.S).group(1)
    commands = re.search(r"```sh\n(.*?)```", example, re.S).group(1)
    return kind_toml, [line.split("  #")[0].strip() for line in commands.splitlines() if line.strip()]


def test_a_kind_written_from_the_docs_alone_works_end_to_end(tmp_path):
    kind_toml, commands = worked_example()
    folder = tmp_path / "templates" / "监督通报"
    folder.mkdir(parents=True)
    (folder / "kind.toml").write_text(kind_toml, encoding="utf-8")
    run_doc_commands(commands, tmp_path)
    docx = next(tmp_path.glob("*.docx"))
    assert_layout(docx)
    text = docx_text(docx)
    assert text[:3] == ["监督检查通报", "第1期", "（总第12期）"]  # the two-line masthead
    assert "编者按：本月检查发现的问题已全部整改。" in text
    assert "（一）窗口纪律。税务窗口工作时间玩手机。" in text
    assert any(t.startswith("报：中心主要负责同志。") for t in text)
    assert not any(t.startswith(("送：", "发：")) for t in text)  # only a 报 line
    assert "（共印20份）" in text
    assert audit(docx) == "0 deviations"


def second_worked_example() -> tuple[str, dict[str, str], list[str], list[str]]:
    """docs/kinds.md's second worked example: kind.toml, the CSV files by name, the commands, and
    the body text the docs say it prints."""
    doc = (ROOT / "docs" / "kinds.md").read_text(encoding="utf-8")
    example = doc[doc.index("## 完整例子二") :]
    example = example[: example.index("\n---\n")]
    kind_toml = re.search(r"```toml\n(.*?)```", example, re.S).group(1)
    tables = dict(re.findall(r"`([^`]+\.csv)`：\n\n```csv\n(.*?)```", example, re.S))
    commands = re.search(r"```sh\n(.*?)```", example, re.S).group(1)
    printed = re.search(r"```text\n(.*?)```", example, re.S).group(1)
    return kind_toml, tables, [c for c in commands.splitlines() if c.strip()], printed.splitlines()


def test_a_monthly_kind_with_comparisons_shares_and_rankings_from_the_docs_alone(tmp_path):
    """Written from docs/kinds.md, filled from the platform's CSV with the CLI, it prints the
    published sentences: 比上月增加75.42%, 提高1.1个百分点, 与上月持平, 占比99.79%, 前5位, 无业务单位12个."""
    kind_toml, tables, commands, printed = second_worked_example()
    assert len(tables) == 3 and len(printed) == 6
    folder = tmp_path / "templates" / "政务服务月报"
    folder.mkdir(parents=True)
    (folder / "kind.toml").write_text(kind_toml, encoding="utf-8")
    for name, text in tables.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    run_doc_commands(commands, tmp_path)
    docx = next(tmp_path.glob("*.docx"))
    assert_layout(docx)
    text = docx_text(docx)
    start = text.index(printed[0])
    assert text[start : start + len(printed)] == printed
    assert audit(docx) == "0 deviations"


def test_public_resources_example_renders_with_decimals_and_a_computed_rate(tmp_path):
    out = tmp_path / "ggzy.docx"
    r = run("render", "-f", str(EXAMPLES / "ggzy-2023-05.toml"), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert_layout(out)
    sentence = next(t for t in docx_text(out) if t.startswith("据四川省公共资源交易信息服务平台统计"))
    assert "项目366个，交易金额93.81亿元。" in sentence  # 126 + 214 + 17 + 9; 58.37 + 9.86 + 23.18 + 2.40
    assert "工程建设项目招标投标126个，交易金额58.37亿元，占62.22%，节约资金1.42亿元；" in sentence
    assert "政府采购214项，交易金额9.86亿元，占10.51%，节约资金0.53亿元；" in sentence
    # land and property in 宗, with no 节约资金 (they have 溢价)
    assert "土地使用权和矿业权出让17宗，交易金额23.18亿元，占24.71%；" in sentence
    assert "国有产权交易9宗，交易金额2.40亿元，占2.56%。" in sentence
    # 节约率 over the two that save only: (1.42 + 0.53) / (58.37 + 9.86) × 100 = 2.86
    assert sentence.endswith("共节约资金1.95亿元，节约率2.86%。")
    assert audit(out) == "0 deviations"


def test_public_resources_batch_script_builds_its_example(tmp_path):
    run_example_script("ggzy-2023-05.sh", tmp_path)
    import tomllib

    built = tomllib.loads((tmp_path / "ggzy-2023-05.toml").read_text(encoding="utf-8"))
    assert built == tomllib.loads((EXAMPLES / "ggzy-2023-05.toml").read_text(encoding="utf-8"))


BROKEN_KIND = """
name = "坏种类"
unit = "某中心"
issue_line = ["{{ year }}年第{{ numbr }}期"]

[layout]
body_sizee = 30

[[section]]
type = "statistic"
title = "甲"

[[section]]
type = "statistics"
title = "乙"
template_file = "missing.j2"
columns = [{ name = "数" }]
categories = ["一类"]

[[section]]
type = "visits"
title = "丙"
template_file = "bad.j2"

[[section]]
type = "checklist"
title = "丁"
template = "{{ window }}{{ nosuch }}"
items = ["甲项", "乙项"]
"""


def test_kinds_check_reports_every_planted_mistake_in_one_run(tmp_path):
    folder = tmp_path / "坏种类"
    folder.mkdir()
    (folder / "kind.toml").write_text(BROKEN_KIND, encoding="utf-8")
    (folder / "bad.j2").write_text("{{ date }，\n{{ unit }}", encoding="utf-8")
    r = run("kinds", "--check", str(folder))
    assert r.returncode == 1
    out = r.stdout
    assert "missing.j2 不存在" in out  # missing template
    assert "'statistic' 未知" in out  # unknown section type
    assert "第 1 行有语法错误" in out  # template syntax error, with its line
    assert "numbr" in out and "nosuch" in out  # undefined variables
    assert "body_sizee" in out  # unknown layout key
    assert len([line for line in out.splitlines() if line.startswith("错误")]) == 6


def test_kinds_lists_sources_in_order(tmp_path):
    (tmp_path / "templates" / "窗口工作周报").mkdir(parents=True)
    (tmp_path / "templates" / "窗口工作周报" / "kind.toml").write_text('name = "本地"\nunit = "u"\n', encoding="utf-8")
    env_dir = tmp_path / "env"
    (env_dir / "环境种类").mkdir(parents=True)
    (env_dir / "环境种类" / "kind.toml").write_text('name = "e"\nunit = "u"\n', encoding="utf-8")
    r = run("kinds", cwd=tmp_path, env={"ZHOUBAO_TEMPLATES": str(env_dir)})
    lines = dict(line.split("\t")[:2] for line in r.stdout.splitlines())
    assert lines["窗口工作周报"] == "期刊文件旁的 templates/"  # beside the issue file wins over built in
    assert lines["环境种类"] == "ZHOUBAO_TEMPLATES"
    assert lines["公共资源交易周报"] == "内置"
    assert run("kinds", "--check", str(ROOT / "templates" / "公共资源交易周报")).returncode == 0
    assert run("kinds", "--check", str(ROOT / "templates" / "窗口工作周报")).returncode == 0


def test_no_kind_section_or_category_name_in_the_code():
    names = set()
    import tomllib

    for kind_file in (ROOT / "templates").glob("*/kind.toml"):
        kind = tomllib.loads(kind_file.read_text(encoding="utf-8"))
        names |= {kind_file.parent.name, kind["name"]}
        for section in kind.get("section", []):
            names.add(section["title"])
            names |= {c["name"] if isinstance(c, dict) else c for c in section.get("categories", [])}
            names |= set(section.get("items", []))
            names |= {sub["title"] for sub in section.get("sub", [])}
    assert len(names) > 20
    for source in (ROOT / "zhoubao").glob("*.py"):
        code = source.read_text(encoding="utf-8")
        found = sorted(name for name in names if name in code)
        assert not found, f"{source.name} names {found}"


def test_kinds_check_compiles_a_finding_template_the_sample_would_not_reach(tmp_path):
    """A broken finding template in a checklist fails `kinds --check`, not only the render."""
    folder = tmp_path / "巡查通报"
    folder.mkdir()
    (folder / "kind.toml").write_text(
        'name = "巡查通报"\nunit = "某中心"\n\n[[section]]\ntype = "checklist"\ntitle = "巡查"\n'
        'template = "{{ window }：{{ text }}"\nitems = ["纪律"]\n',
        encoding="utf-8",
    )
    r = run("kinds", "--check", str(folder))
    assert r.returncode == 1
    assert "栏目“巡查”的问题模板的模板第 1 行有语法错误" in r.stdout


def test_kinds_check_names_a_misspelt_key_or_flag(tmp_path):
    folder = tmp_path / "错题"
    shutil.copytree(ROOT / "templates" / "窗口工作周报", folder)
    toml = folder / "kind.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(
        text.replace('title = "编者按"', 'titel = "编者按"', 1).replace('flag = "accepted"', 'flag = "acepted"'),
        encoding="utf-8",
    )
    r = run("kinds", "--check", str(folder))
    assert r.returncode == 1 and "未知的键 titel" in r.stdout and "flag “acepted”未知" in r.stdout


def test_a_word_file_given_as_the_issue_points_to_import(tmp_path):
    docx = tmp_path / "周报.docx"
    docx.write_bytes(b"PK\x03\x04")
    r = run("show", "-f", str(docx))
    assert r.returncode == 1 and "是 Word 文件" in r.stderr and "zhoubao import" in r.stderr


def test_monthly_public_resources_script_builds_both_example_issues(tmp_path):
    run_example_script("ggzy-monthly.sh", tmp_path)
    import tomllib

    for name in ("ggzy-monthly-2023-04.toml", "ggzy-monthly-2023-05.toml"):
        built = tomllib.loads((tmp_path / name).read_text(encoding="utf-8"))
        assert built == tomllib.loads((EXAMPLES / name).read_text(encoding="utf-8")), name


def test_monthly_public_resources_example_prints_comparisons_shares_and_rankings(tmp_path):
    """The second built-in example: 同比 from the figures typed with the table, 环比 from April's
    issue file, shares of a stated total, units per category, a category without 节约资金, a
    ranking and a list of zeros from the per-unit table, an industry breakdown."""
    out = tmp_path / "ggzy-monthly.docx"
    r = run("render", "-f", str(EXAMPLES / "ggzy-monthly-2023-05.toml"), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert_layout(out)
    text = docx_text(out)
    overall = next(t for t in text if t.startswith("据四川省公共资源交易信息服务平台统计"))
    # 3256 against 4131 a year earlier: −21.18%; 1013.33 against 1105.63 in April: −8.35%
    assert (
        "全省共完成公共资源交易项目3256个，交易金额1013.33亿元；同比项目数量下降21.18%，交易金额增长11.44%" in overall
    )
    assert "环比项目数量增长5.20%，交易金额下降8.35%。" in overall
    # 节约率 11.92 / 587.46 = 2.03% against April's 13.02 / 689.24 = 1.89%
    assert "节约资金11.92亿元，节约率2.03%，比上月提高0.14个百分点" in overall
    assert "政府采购1842项" in overall and "土地使用权出让32宗，交易金额268.05亿元，占全省的26.45%；" in overall
    assert "节约资金0" not in overall  # land, mining and property have 溢价, not 节约
    regions = next(t for t in text if t.startswith("全省21个市（州）中"))
    # the 21 市（州） add up to 全省 (3256, 1013.33): a share of the cities is a share of the province
    assert "依次为：成都市381.37亿元（占37.64%）、凉山州72.29亿元（占7.13%）" in regions
    assert "本月无矿业权出让的市（州）14个：成都市、自贡市、泸州市" in regions
    industries = next(t for t in text if t.startswith("全省工程建设项目招标投标中"))
    assert industries.startswith(
        "全省工程建设项目招标投标中，房屋建筑工程418个、交易金额224.37亿元，占38.19%；市政工程"
    )
    assert audit(out) == "0 deviations"


def test_same_period_a_year_earlier_is_found_among_the_issues_beside_it(tmp_path):
    """同比 from an issue file: the May issue of the year before, in the same folder."""
    import tomlkit

    for name in ("ggzy-monthly-2023-04.toml", "ggzy-monthly-2023-05.toml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    doc = tomlkit.parse((EXAMPLES / "ggzy-monthly-2023-05.toml").read_text(encoding="utf-8"))
    head = doc["issue"]
    head["year"], head["total"] = 2022, 41
    head["date"] = tomlkit.date("2022-06-07")
    head["period_start"], head["period_end"] = tomlkit.date("2022-05-01"), tomlkit.date("2022-05-31")
    del head["previous"]
    for category in doc["section"][1]["category"]:
        category["values"] = {"项目数": 100 if category["name"] == "全省" else 10, "交易金额": 1.0}
        category.pop("last_year", None)
    (tmp_path / "ggzy-monthly-2022-05.toml").write_text(tomlkit.dumps(doc), encoding="utf-8")
    this = tmp_path / "ggzy-monthly-2023-05.toml"
    text = this.read_text(encoding="utf-8")
    this.write_text("\n".join(line for line in text.splitlines() if not line.startswith("last_year")), encoding="utf-8")
    out = tmp_path / "out.docx"
    r = run("render", "-f", str(this), "-o", str(out))
    assert r.returncode == 0, r.stderr
    overall = next(t for t in docx_text(out) if t.startswith("据四川省公共资源交易信息服务平台统计"))
    assert "同比项目数量增长3156.00%，交易金额增长101233.00%" in overall  # 3256 against 100, 1013.33 against 1


@pytest.mark.parametrize("kind", sorted(p.name for p in (ROOT / "templates").iterdir() if p.is_dir()))
def test_every_built_in_kind_passes_its_own_check(kind):
    from zhoubao.kindcheck import check_kind

    assert check_kind(ROOT / "templates" / kind) == []


def test_kinds_check_names_a_misspelt_key_of_a_column_a_rate_or_a_category(tmp_path):
    from zhoubao.kindcheck import check_kind

    folder = tmp_path / "月报"
    folder.mkdir()
    (folder / "kind.toml").write_text(
        'name = "月报"\nunit = "某中心"\n\n[[section]]\ntype = "statistics"\ntitle = "办件"\n'
        "template = \"{{ totals['受理'] }}\"\n"
        'columns = [{ name = "受理", pionts = true }]\n'
        'rates = [{ name = "率", numerator = "受理", denominator = "受理", word = ["多", "少", "平"] }]\n'
        'categories = [{ name = "全市", totl = true }]\n',
        encoding="utf-8",
    )
    problems = "\n".join(check_kind(folder))
    assert "列“受理”有未知的键 pionts" in problems
    assert "比率“率”有未知的键 word" in problems
    assert "类别“全市”有未知的键 totl" in problems
