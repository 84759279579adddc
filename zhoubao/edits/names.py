"""The names a clerk may type for an issue, as the shell's completion offers them."""

from __future__ import annotations

from zhoubao.model import Issue


def section_titles(issue: Issue, *holds: str) -> list[str]:
    """The sections that hold one of `holds` (news, visit, text): those the command that fills
    them takes, as Issue.sections_holding finds them (innermost only), in the issue's order."""
    return [s.title for s in issue.all_sections() if s.HOLDS in holds and not s.subs]


def item_names(issue: Issue) -> list[str]:
    """The inspection items."""
    return [it.name for s in issue.all_sections() for it in s.items]


def category_names(issue: Issue) -> list[str]:
    """The statistics categories."""
    return [c.name for s in issue.all_sections() for c in s.categories]
