"""The approval round trip: a leader's edits in the approved .docx brought back into the issue file.

`zhoubao import APPROVED.docx --into ISSUE.toml` runs in plain steps, one module each:

    merge.py  the three-way merge: the .docx's fingerprint names the issue and the version that
              was sent (store/sent.py); the approver's changes are planned against that version
              and taken only where the clerk changed nothing since; a change on both sides is a
              conflict, written only when the clerk says which side to keep
    plan.py   the approved file read with its track changes and comments (revisions.py); unresolved
              revisions refused unless the clerk says to take the revised or the original text.
              The issue as rendered now and the approved file each read back by the import walk,
              with the issue's own sections and templates as the kind; what differs between the two
              readings is what the approver changed: entries matched to their old ids (a changed
              word, an added or deleted entry, a new order), a paragraph section's text, a checklist
              result, the masthead, the date, the 版记 lines and the 印数. Statistics figures are
              read back by their section type (`read_back`), which reports what it cannot map.
    apply.py  the plan written through the store in one edit (lock, atomic write, backup), only when
              the issue is still the one the plan was made from
    view.py   the terminal view of the plan: its diff lines, what it could not place, the comments

Nothing here prints: the plan holds the diff lines, the problems and the comments, and `diff_view`
makes the terminal view of them; the command decides whether to apply.
"""

from zhoubao.importing.approval.apply import apply_plan
from zhoubao.importing.approval.merge import APPROVED, LOCAL, plan_import
from zhoubao.importing.approval.plan import (
    ACCEPT,
    NOT_WRITTEN,
    REJECT,
    SENTENCE,
    ApprovedFile,
    Conflict,
    DiffLine,
    IssueAtHand,
    Plan,
    issue_as_kind,
    plan_against,
    plan_two_way,
    printed_paragraphs,
    read_for_issue,
)
from zhoubao.importing.approval.view import CONTEXT, diff_view

__all__ = [
    "ACCEPT",
    "APPROVED",
    "CONTEXT",
    "LOCAL",
    "NOT_WRITTEN",
    "REJECT",
    "SENTENCE",
    "ApprovedFile",
    "Conflict",
    "DiffLine",
    "IssueAtHand",
    "Plan",
    "apply_plan",
    "diff_view",
    "issue_as_kind",
    "plan_against",
    "plan_import",
    "plan_two_way",
    "printed_paragraphs",
    "read_for_issue",
]
