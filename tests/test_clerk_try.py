"""A clerk's month with the monthly example, and what went wrong when she fed it Excel's tables.

Each test is one thing found by trying the statistics features as a clerk would: refused in one
Chinese line with the issue file unchanged, or done in good time.
"""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import EXAMPLES


@pytest.fixture
def may(tmp_path):
    """The monthly example's May issue and its April predecessor, copied."""
    for name in ("ggzy-monthly-2023-04.toml", "ggzy-monthly-2023-05.toml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    return tmp_path / "ggzy-monthly-2023-05.toml"


def refused(invoke, issue, *args, needle: str) -> None:
    before = issue.read_bytes()
    r = invoke(*args[:1], "-f", str(issue), *args[1:])
    assert r.exit_code != 0, r.stderr
    assert needle in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert issue.read_bytes() == before


@pytest.mark.parametrize("amount", ["1" + "0" * 400, "1" + "0" * 60, "9223372036854775808"])
def test_an_amount_too_big_for_its_decimals_is_refused_in_one_line(may, invoke, amount):
    # 1 followed by 400 zeros was a float infinity and ended in a decimal.InvalidOperation traceback;
    # 9223372036854775808 was stored and printed as 9223372036854776000.0000
    csv = may.with_name("5月分类别.csv")
    csv.write_text(f"类别,项目数,交易金额\n全省,3256,{amount}\n", encoding="utf-8")
    refused(invoke, may, "stats", "--csv", str(csv), "--section", "总体情况", needle="过大")
    refused(invoke, may, "stats", "全省", "--value", f"交易金额={amount}", needle="过大")


def test_an_amount_too_big_in_a_hand_edited_file_is_named_not_a_traceback(may, invoke):
    text = may.read_text(encoding="utf-8").replace('"交易金额" = 1021.3456', '"交易金额" = 1e300', 1)
    assert "1e300" in text
    may.write_text(text, encoding="utf-8")
    for command in ("render", "show", "check"):
        r = invoke(command, "-f", str(may))
        assert r.exit_code != 0 and "过大" in r.stderr + r.stdout and "Traceback" not in r.stderr, command
