"""statistics: figures by category and column, printed through the kind's sentence template.

Figures count from `since` (1 January by default) to `as_of` (the period's end by default). The
week's increment (本周新增) is this issue's figure minus the predecessor's, where both count from
the same date; `increments` is the one place that rule is written. Comparisons with the previous
issue of the series (环比) and with the same period a year earlier (同比), shares of the total
(占比) and the per-unit table's rankings are worked out here too, each in one function, so that a
kind's template only chooses words.

One module per job: records.py (the data and its reading), arithmetic.py (sums, shares,
differences, 本周新增), sentences.py (the template filled: comparisons, shares, rankings),
placing.py (an old bulletin's paragraphs read back, `import`), readback.py (an approver's changed
figures, `import --into`), section.py (the section type: check, show, and the calls to the
others). The names below are the package's; sentences and readback load on first use, so a
command that composes nothing does not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zhoubao.sections.statistics.arithmetic import increments
from zhoubao.sections.statistics.records import (
    BASE_KEYS,
    BASES,
    CATEGORY_KEYS,
    COLUMN_KEYS,
    COLUMN_WORDS,
    MAX_DECIMALS,
    RATE_KEYS,
    RATE_WORDS,
    TOTAL_KEY,
    TOTAL_NAMES,
    Category,
    Column,
    Figure,
    Rate,
)
from zhoubao.sections.statistics.section import Statistics

if TYPE_CHECKING:
    from zhoubao.sections.statistics.readback import ReadBack
    from zhoubao.sections.statistics.sentences import Comparison, RowTable


def __getattr__(name: str) -> Any:
    """Comparison, RowTable and ReadBack, loaded on first use."""
    if name in ("Comparison", "RowTable"):
        from zhoubao.sections.statistics import sentences

        return getattr(sentences, name)
    if name == "ReadBack":
        from zhoubao.sections.statistics import readback

        return readback.ReadBack
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BASES",
    "BASE_KEYS",
    "CATEGORY_KEYS",
    "COLUMN_KEYS",
    "COLUMN_WORDS",
    "MAX_DECIMALS",
    "RATE_KEYS",
    "RATE_WORDS",
    "TOTAL_KEY",
    "TOTAL_NAMES",
    "Category",
    "Comparison",
    "Column",
    "Figure",
    "Rate",
    "ReadBack",
    "RowTable",
    "Statistics",
    "increments",
]
