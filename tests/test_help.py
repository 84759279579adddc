"""Help a Chinese clerk reads: every command's --help in Chinese down to its placeholders, the
version among the options, no option a command does not use, a near miss named, completion that
offers only what the command takes, and one rule for paragraphs in typed text."""

from __future__ import annotations

import re

import click
import pytest

from tests.conftest import run
from zhoubao.cli import COMMANDS, cli

# The Latin placeholders click makes by itself (an argument's name, a type's name) or that were
# written by hand: none of them may reach a clerk's help.
LATIN_PLACEHOLDERS = re.compile(
    r"\b(TEXT|PATH|NAME|FILE|ISSUES?|OUT|OLD|ID|ITEM|RESULT|CATEGORY|POSITION|SECTION|DIR|OUTDIR|COLUMN|"
    r"NUMBER|INTEGER|FLOAT|FIELD|VALUE|PREVIOUS|YYYY|MM|DD|UNIT|POST|DOCX|N|Y)\b"
)


def help_of(invoke, *words: str) -> str:
    r = invoke(*words, "--help")
    assert r.exit_code == 0, r.stderr
    return r.stdout


def terms(text: str) -> list[str]:
    """The usage line and the left column of the option table: where the placeholders stand."""
    usage = [line for line in text.splitlines() if line.startswith("用法：")]
    options = text.partition("\n选项:")[2].partition("\n命令:")[0]
    rows = [line.strip().split("  ")[0] for line in options.splitlines() if line.startswith("  -")]
    return usage + rows


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_help_speaks_chinese_down_to_its_placeholders(name, invoke):
    text = help_of(invoke, name)
    assert not LATIN_PLACEHOLDERS.findall(text), LATIN_PLACEHOLDERS.findall(text)
    for term in terms(text):
        # the command, option names (--section, -f), the values a choice offers and a file's
        # suffix (汇总.csv) are typed as they stand
        bare = term.replace(f"zhoubao {name}", "")
        bare = re.sub(r"(?<![\w-])--?[a-z][a-z-]*|\[[a-z|]+\]|\.[a-z]+\b", "", bare)
        assert not re.search(r"[A-Za-z]", bare), term


def test_the_top_help_lists_the_version_as_an_option_and_keeps_it_out_of_the_description(invoke):
    text = help_of(invoke)
    description, _, options = text.partition("选项")
    assert "--version" not in description
    assert re.search(r"-V, --version\s+显示版本", options)
    for flag in ("--version", "-V"):
        r = run(flag)
        assert r.returncode == 0 and r.stdout.startswith("zhoubao"), r.stderr


def test_kinds_offers_no_issue_file_option(invoke):
    text = help_of(invoke, "kinds")
    assert "--file" not in text and "-f," not in text
    r = invoke("kinds", "-f", "x.toml")
    assert r.exit_code == 2 and "没有选项 -f" in r.stderr


def test_a_mistyped_option_is_answered_with_the_near_one(invoke):
    r = invoke("add-news", "--sectoin", "服务", "甲。")
    assert r.exit_code == 2
    assert "没有选项 --sectoin" in r.stderr and "您是不是要找 --section" in r.stderr
    assert r.stderr.count("\n") == 1
    r = invoke("render", "--drat")
    assert "您是不是要找 --draft" in r.stderr
    r = invoke("add-visit", "--namee", "甲")  # the nearest only: not --date beside --name
    assert "您是不是要找 --name？" in r.stderr
    r = invoke("add-news", "--zzzz")  # nothing near: no guess
    assert "没有选项 --zzzz" in r.stderr and "是不是" not in r.stderr


def complete(issue, *words: str) -> list[str]:
    env = {
        "_ZHOUBAO_COMPLETE": "bash_complete",
        "COMP_WORDS": " ".join(["zhoubao", *words]),
        "COMP_CWORD": str(len(words)),
        "ZHOUBAO_FILE": str(issue),
    }
    return [line.split(",", 1)[1] for line in run(env=env).stdout.splitlines()]


def test_completion_offers_only_the_sections_the_command_takes(example, invoke):
    """2022-33 has news sections, a visits section (厅（局）长进大厅) and a paragraph (编者按):
    each command is offered what it accepts, and every offer is accepted."""
    news = complete(example, "add-news", "--section", "''")
    assert news == ["优化营商环境工作开展情况", "窗口服务效能提升工作情况"]
    assert complete(example, "paragraph", "''") == ["编者按"]
    assert complete(example, "add-visit", "--section", "''") == ["厅（局）长进大厅"]
    for title in news:
        r = invoke("add-news", "-f", str(example), "--section", title, "甲。")
        assert r.exit_code == 0, r.stderr


def test_completion_of_the_moving_commands_offers_entry_sections(example):
    offered = complete(example, "move", "1", "--to", "''")
    assert "编者按" not in offered and "优化营商环境工作开展情况" in offered


# ----------------------------------------------------------------------------- one rule for paragraphs


def test_paragraph_and_add_news_split_typed_text_by_the_same_rule(example, invoke, tmp_path):
    """A line break the clerk typed starts a paragraph, in a news item and in a paragraph section
    alike; a blank line between paragraphs is allowed and changes nothing."""
    from zhoubao import compose, store
    from zhoubao.outline import outline_paragraphs

    f = ["-f", str(example)]
    assert invoke("paragraph", *f, "编者按", "第一段。\n第二段。").exit_code == 0
    assert invoke("add-news", *f, "--section", "服务效能", "第一段。\n第二段。").exit_code == 0
    texts = [
        "".join(run.text for run in p.runs) for p in outline_paragraphs(compose.compose(store.load_issue(example)))
    ]
    assert "编者按：第一段。" in texts and "第二段。" in texts
    assert texts.count("第二段。") == 2  # the same two paragraphs from both commands


def test_a_blank_line_between_paragraphs_still_means_two_paragraphs(example, invoke):
    from zhoubao import compose, store
    from zhoubao.outline import outline_paragraphs

    f = ["-f", str(example)]
    assert invoke("paragraph", *f, "编者按", "第一段。\n\n第二段。").exit_code == 0
    texts = [
        "".join(run.text for run in p.runs) for p in outline_paragraphs(compose.compose(store.load_issue(example)))
    ]
    assert "编者按：第一段。" in texts and "第二段。" in texts


def test_the_lazy_table_and_the_help_agree():
    ctx = click.Context(cli)
    assert cli.list_commands(ctx) == sorted(COMMANDS)
