"""The rules the editing commands share live in the editing API, once: what a field may be set to is
the model's rule, a `名称=值` pair is read one way for every option that takes one."""

from __future__ import annotations

import tomllib

import pytest

from zhoubao import edits
from zhoubao.errors import ZhoubaoError


def test_set_total_0_follows_the_model_a_supplement_has_none(tmp_path, invoke, issue):
    supplement = tmp_path / "zk.toml"
    made = invoke("new", str(supplement), "--supplement", "--total", "5", "--date", "2022-11-02")
    assert made.exit_code == 0, made.stderr
    r = invoke("set", "-f", str(supplement), "总期号", "0")
    assert r.exit_code == 0, r.stderr
    assert tomllib.loads(supplement.read_text(encoding="utf-8"))["issue"]["total"] == 0

    before = issue.read_bytes()
    r = invoke("set", "-f", str(issue), "总期号", "0")  # a regular issue has a 总期号
    assert r.exit_code == 1 and "总期号应为不小于 1 的整数" in r.stderr and issue.read_bytes() == before


@pytest.mark.parametrize(
    "field,text,needle",
    [
        ("number", "三十四", "期号“三十四”不是整数"),
        ("year", "22", "年份"),
        ("copies", "0", "印数"),
        ("copies", "-1", "印数"),
    ],
)
def test_a_number_field_refused_leaves_the_file_alone(invoke, issue, field, text, needle):
    before = issue.read_bytes()
    r = invoke("set", "-f", str(issue), field, text)
    assert r.exit_code == 1 and needle in r.stderr and issue.read_bytes() == before


def test_field_values_are_read_in_one_place():
    assert edits.field_value("number", " 34 ") == 34
    assert edits.field_value("copies", "80") == 80
    assert str(edits.field_value("date", "2022年11月2日")) == "2022-11-02"
    assert edits.field_value("name", "窗口工作周报") == "窗口工作周报"


def test_one_reading_of_name_equals_value_for_value_and_label():
    assert edits.typed_figures("3", None, ["金额=3.45"]) == {f"{edits.FLAG}accepted": "3", "金额": "3.45"}
    assert edits.typed_wording([" 办结 = 累计办结 "]) == {"办结": "累计办结"}
    for flag, read in (("--value", lambda p: edits.typed_figures(None, None, p)), ("--label", edits.typed_wording)):
        for bad in ("办结", "=累计办结"):
            with pytest.raises(ZhoubaoError, match=f"{flag} “{bad}”格式不对"):
                read([bad])
    with pytest.raises(ZhoubaoError, match="给了两次"):
        edits.typed_figures(None, None, ["金额=1", "金额=2"])
