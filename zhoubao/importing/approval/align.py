"""Where the paragraphs of one text stand in another: the approval plan's alignment of the
statistics sentences the approver was sent with the ones that came back."""

from __future__ import annotations

import difflib


def run_at(texts: list[str], run: list[str]) -> int | None:
    """Where `run` stands as consecutive paragraphs in `texts`; None when it does not."""
    if not run:
        return None
    for start in range(len(texts) - len(run) + 1):
        if texts[start : start + len(run)] == run:
            return start
    return None


def aligned(old: list[str], new: list[str]) -> dict[int, int]:
    """old paragraph index → its paragraph in the new list: the same, or in place of it."""
    out: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            out.update({i1 + k: j1 + k for k in range(i2 - i1)})
        elif tag == "replace":
            for i in range(i1, i2):
                best = max(
                    range(j1, j2), key=lambda j: difflib.SequenceMatcher(None, old[i], new[j], autojunk=False).ratio()
                )
                out[i] = best
    return out
