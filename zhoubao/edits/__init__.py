"""The editing API: each function changes one issue file through the store, and works without the CLI.

Lookups go through the validated `Issue` model; changes go into the tomlkit document at the
path the model reports, so whatever else a person wrote in the file stays as it was.
One module per job: entries, inspection, stats (figures, tables, wording), header (the head and
the distribution), create (a new issue file); typed (dates without a year, `名称=值` pairs, whole
numbers as typed) and names (what completion offers). Their functions are importable from here,
but for collect's (a 收稿 folder into entries), which its command alone imports from edits.collect.

Each name is loaded from its module when first asked for, so a command loads only the jobs it uses
(add-news: entries and what it needs, not the statistics tables or the header's fields).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zhoubao.edits.create import issue_file, new_issue, next_supplement_number, start_issue
    from zhoubao.edits.entries import (
        add_news,
        add_visit,
        edit_entry,
        move_entry,
        move_entry_to,
        remove_entry,
        replace_in_entry,
        set_paragraph,
    )
    from zhoubao.edits.header import FIELD_NAMES, HEADER_FIELDS, field_key, field_names, field_value, set_field
    from zhoubao.edits.inspection import add_findings, all_good, inspect, pair_windows, remove_finding
    from zhoubao.edits.names import category_names, item_names, section_titles
    from zhoubao.edits.stats import (
        FLAG_KEY_PREFIX,
        MAX_TABLE_ROWS,
        fill_rows,
        fill_stats,
        read_stats_csv,
        read_stats_table,
        set_labels,
        set_stats,
        set_stats_many,
        typed_figures,
        typed_wording,
    )
    from zhoubao.edits.typed import typed_date, typed_pair, whole_number
    from zhoubao.tomldoc import NEW_FILE_NOTE

_HOMES = {
    "issue_file": "zhoubao.edits.create",
    "new_issue": "zhoubao.edits.create",
    "next_supplement_number": "zhoubao.edits.create",
    "start_issue": "zhoubao.edits.create",
    "add_news": "zhoubao.edits.entries",
    "add_visit": "zhoubao.edits.entries",
    "edit_entry": "zhoubao.edits.entries",
    "move_entry": "zhoubao.edits.entries",
    "move_entry_to": "zhoubao.edits.entries",
    "remove_entry": "zhoubao.edits.entries",
    "replace_in_entry": "zhoubao.edits.entries",
    "set_paragraph": "zhoubao.edits.entries",
    "FIELD_NAMES": "zhoubao.edits.header",
    "HEADER_FIELDS": "zhoubao.edits.header",
    "field_key": "zhoubao.edits.header",
    "field_names": "zhoubao.edits.header",
    "field_value": "zhoubao.edits.header",
    "set_field": "zhoubao.edits.header",
    "add_findings": "zhoubao.edits.inspection",
    "all_good": "zhoubao.edits.inspection",
    "inspect": "zhoubao.edits.inspection",
    "pair_windows": "zhoubao.edits.inspection",
    "remove_finding": "zhoubao.edits.inspection",
    "category_names": "zhoubao.edits.names",
    "item_names": "zhoubao.edits.names",
    "section_titles": "zhoubao.edits.names",
    "FLAG_KEY_PREFIX": "zhoubao.edits.stats",
    "MAX_TABLE_ROWS": "zhoubao.edits.stats",
    "fill_rows": "zhoubao.edits.stats",
    "fill_stats": "zhoubao.edits.stats",
    "read_stats_csv": "zhoubao.edits.stats",
    "read_stats_table": "zhoubao.edits.stats",
    "set_labels": "zhoubao.edits.stats",
    "set_stats": "zhoubao.edits.stats",
    "set_stats_many": "zhoubao.edits.stats",
    "typed_figures": "zhoubao.edits.stats",
    "typed_wording": "zhoubao.edits.stats",
    "typed_date": "zhoubao.edits.typed",
    "typed_pair": "zhoubao.edits.typed",
    "whole_number": "zhoubao.edits.typed",
    "NEW_FILE_NOTE": "zhoubao.tomldoc",
}


def __getattr__(name: str) -> Any:
    """`edits.add_news` and the rest, imported from the module of their job on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'zhoubao.edits' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "FIELD_NAMES",
    "FLAG_KEY_PREFIX",
    "HEADER_FIELDS",
    "MAX_TABLE_ROWS",
    "NEW_FILE_NOTE",
    "add_findings",
    "add_news",
    "add_visit",
    "all_good",
    "category_names",
    "edit_entry",
    "field_key",
    "field_names",
    "field_value",
    "fill_rows",
    "fill_stats",
    "inspect",
    "issue_file",
    "item_names",
    "move_entry",
    "move_entry_to",
    "new_issue",
    "next_supplement_number",
    "pair_windows",
    "read_stats_csv",
    "read_stats_table",
    "remove_entry",
    "remove_finding",
    "replace_in_entry",
    "section_titles",
    "set_field",
    "set_labels",
    "set_paragraph",
    "set_stats",
    "set_stats_many",
    "start_issue",
    "typed_date",
    "typed_figures",
    "typed_pair",
    "typed_wording",
    "whole_number",
]
