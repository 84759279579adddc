"""tomldoc: the tomlkit edits every command shares (edits, and the approval round trip)."""

from __future__ import annotations

import tomlkit

from zhoubao import tomldoc

SECTION = """\
[section]
title = "动态"

# 甲的注释
[[section.entry]]
id = 1
text = "甲"

# 乙的注释
[[section.entry]]
id = 2
text = "乙"

# 丙的注释
[[section.entry]]
id = 3
text = "丙"
"""


def test_a_deleted_row_takes_its_own_comment_and_leaves_the_next_ones() -> None:
    doc = tomlkit.parse(SECTION)
    tomldoc.delete_row(doc["section"], "entry", 0)
    text = doc.as_string()
    assert "甲" not in text and "# 乙的注释\n[[section.entry]]\nid = 2" in text and "# 丙的注释" in text
    tomldoc.delete_row(doc["section"], "entry", 1)
    text = doc.as_string()
    assert "丙" not in text and "# 乙的注释" in text
    assert tomlkit.parse(text)["section"]["entry"] == [{"id": 2, "text": "乙"}]


def test_move_append_and_drop_keep_plain_data_right() -> None:
    doc = tomlkit.parse(SECTION)
    section = doc["section"]
    tomldoc.move_row(section, "entry", 2, 0)
    assert [row["id"] for row in section["entry"]] == [3, 1, 2]
    row = tomldoc.plain_row(section, "entry", 1)
    assert row == {"id": 1, "text": "甲"}
    tomldoc.append_row(section, "finding", {"text": "问题", "window": "税务窗口"})
    for index in reversed(range(3)):
        tomldoc.delete_row(section, "entry", index)
    tomldoc.drop_if_empty(section, "entry")
    tomldoc.drop_if_empty(section, "finding")
    assert tomlkit.parse(doc.as_string()).unwrap() == {
        "section": {"title": "动态", "finding": [{"text": "问题", "window": "税务窗口"}]}
    }
    section["labels"] = tomldoc.inline_table({"办结": "累计办结"})
    assert 'labels = {"办结" = "累计办结"}' in doc.as_string()
