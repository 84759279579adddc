"""paragraph: free text (编者按, a closing requirement): one paragraph per line typed, as every
text the clerk types is split (sections.typeset.paragraphs_of); an optional run-in label (`label = "编者按："`), a numbered heading only when `heading = true`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from zhoubao.sections.base import Context, Reading, Section
from zhoubao.sections.entries import short
from zhoubao.validate import check_text, record

if TYPE_CHECKING:
    from rich.tree import Tree

    from zhoubao.outline import Block


@record
class ParagraphSection(Section):
    """Free text set with `zhoubao paragraph`; its title is optional."""

    TYPE = "paragraph"
    NAME = "段落"
    HOLDS = "text"
    COMMAND = "paragraph"
    KEYS = frozenset({"text"})
    # This week's words (an 编者按 about this week's news): the next issue starts without them. A
    # standing text (a fixed 说明) is the kind's `text`, which the next issue takes from the kind.
    WEEKLY_KEYS = ("text",)
    TITLE_REQUIRED = False

    text: str = ""

    @classmethod
    def read(cls, d: dict[str, Any], where: str, path: tuple[int, ...]) -> ParagraphSection:
        title, where, options = cls.common(d, where)
        return cls(
            title=title,
            path=path,
            options=options,
            text=check_text(d.get("text", ""), f"{where}的正文", allow_empty=True),
        )

    def numbered_heading(self) -> bool:
        return bool(self.options.get("heading", False))

    def compose_body(self, ctx: Context) -> list[Block]:
        """One paragraph per line typed (paragraphs_of: blank lines between them change nothing); the
        label runs into the first, in 楷体."""
        from zhoubao.outline import Paragraph, Run
        from zhoubao.sections.typeset import para, paragraphs_of

        paragraphs: list[Block] = [para(p) for p in paragraphs_of(self.text)]
        label = self.options.get("label", "")
        if paragraphs and label:
            first = paragraphs[0]
            paragraphs[0] = Paragraph((Run(label, "kai"), *first.runs))  # type: ignore[union-attr]
        return paragraphs

    def has_content(self) -> bool:
        return bool(self.text.strip())

    def texts(self) -> Iterator[tuple[str, str]]:
        if self.text:
            yield f"栏目“{self.title or self.NAME}”", self.text

    @classmethod
    def sample(cls, section_table: dict[str, Any]) -> None:
        section_table["text"] = "示例段落。"

    def show(self, node: Tree, ctx: Context) -> None:
        from rich.text import Text

        if self.text:
            node.add(Text(short(self.text)))

    # -- import
    @classmethod
    def place(cls, reader: Reading, section_table: dict[str, Any], text: str) -> bool:
        """Any paragraph: the first replaces the kind's text (its run-in label taken off), the rest follow."""
        state = reader.state(section_table)
        if not state.get("started"):
            state["started"] = True
            label = section_table.get("label", "")
            if label and text.startswith(label):
                text = text[len(label) :]
            section_table["text"] = text
        else:
            before = section_table.get("text")
            section_table["text"] = f"{before}\n\n{text}" if before else text
        return True

    @classmethod
    def keep_structure_only(cls, section_table: dict[str, Any]) -> None:
        section_table.pop("text", None)  # as a new issue has it: no text until the clerk writes one

    @classmethod
    def headless(cls, section_table: dict[str, Any]) -> bool:
        return not section_table.get("heading", False)

    @classmethod
    def run_in_label(cls, section_table: dict[str, Any]) -> str:
        return section_table.get("label", "") if cls.headless(section_table) else ""


def free_text(title: str, text: str = "") -> dict[str, Any]:
    """The table of a free-text section under its own numbered heading: where import puts a
    heading the kind does not have, and text that fits nowhere."""
    return {"type": ParagraphSection.TYPE, "title": title, "heading": True, "text": text}
