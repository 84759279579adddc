"""The editing API: each function changes one issue file through the store, and works without the CLI.

Lookups go through the validated `Issue` model; changes go into the tomlkit document at the
path the model reports, so whatever else a person wrote in the file stays as it was.
One module per job: entries, inspection, stats (figures, tables, wording), header (the head and
the distribution), create (a new issue file); typed (dates without a year, `名称=值` pairs, whole
numbers as typed) and names (what completion offers). Their functions are importable from here,
but for collect's (a 收稿 folder into entries), which its command alone imports from edits.collect.
"""

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
