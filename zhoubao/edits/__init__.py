"""The editing API: each function changes one issue file through the store, and works without the CLI.

Lookups go through the validated `Issue` model; changes go into the tomlkit document at the
path the model reports, so whatever else a person wrote in the file stays as it was.
One module per job: entries, inspection, stats (figures, tables, wording), header (the head and
the distribution), create (a new issue file). Their functions are importable from here.
"""

from zhoubao.edits.create import NEW_FILE_NOTE, new_issue, next_supplement_number
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
from zhoubao.edits.header import FIELD_NAMES, HEADER_FIELDS, field_key, set_field
from zhoubao.edits.inspection import add_findings, all_good, inspect, remove_finding
from zhoubao.edits.stats import (
    FLAG,
    MAX_TABLE_ROWS,
    fill_rows,
    fill_stats,
    read_stats_csv,
    set_labels,
    set_stats,
    set_stats_many,
)

# importing/approval.py still takes the comment hand-on from here; tomldoc.delete_row is the public form.
from zhoubao.tomldoc import _hand_on_comments  # noqa: E402

__all__ = [
    "FIELD_NAMES",
    "FLAG",
    "HEADER_FIELDS",
    "MAX_TABLE_ROWS",
    "NEW_FILE_NOTE",
    "_hand_on_comments",
    "add_findings",
    "add_news",
    "add_visit",
    "all_good",
    "edit_entry",
    "field_key",
    "fill_rows",
    "fill_stats",
    "inspect",
    "move_entry",
    "move_entry_to",
    "new_issue",
    "next_supplement_number",
    "read_stats_csv",
    "remove_entry",
    "remove_finding",
    "replace_in_entry",
    "set_field",
    "set_labels",
    "set_paragraph",
    "set_stats",
    "set_stats_many",
]
