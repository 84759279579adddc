"""Edit a rendered .docx the way Word and WPS save a leader's edits, for the approval round trip.

Word never rewrites a paragraph: it splits the run where the edit starts and ends (in the middle
of a word too), marks the new runs with the session's `w:rsidR`, leaves `w:proofErr` and
`w:bookmarkStart`/`End` where they were, and with track changes on wraps what was typed in
`w:ins` and what was taken out in `w:del` (its text in `w:delText`), each with `w:id`,
`w:author` and `w:date`. A whole paragraph inserted or deleted has its mark tracked too, in the
paragraph's own run properties. A comment is `w:commentRangeStart`/`End` around the text and a
run holding `w:commentReference`, with the comment in word/comments.xml (a relationship and a
content type of its own), and WPS's and Word's word/commentsExtended.xml beside it.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
DATE = "2022-10-31T09:12:00Z"
RSID = "00A1B2C3"


def q(name: str, ns: str = W) -> str:
    return f"{{{ns}}}{name}"


class WordEdit:
    """A rendered .docx opened for editing; `save` writes the edited copy."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as package:
            self.parts = {name: package.read(name) for name in package.namelist()}
        self.doc = etree.fromstring(self.parts["word/document.xml"])
        self.next_id = 100
        self.comments: list[tuple[int, str, str, bool]] = []

    # -- finding
    def paragraph(self, contains: str) -> etree._Element:
        found = [p for p in self.doc.iter(q("p")) if contains in self.text(p)]
        assert len(found) == 1, f"{len(found)} paragraphs contain {contains!r}"
        return found[0]

    @staticmethod
    def text(p: etree._Element) -> str:
        return "".join(t.text or "" for t in p.iter(q("t")))

    def _split(self, p: etree._Element, word: str) -> list[etree._Element]:
        """The runs of `p` holding exactly `word` (runs split where it starts and ends, Word's way)."""
        for r in list(p.iter(q("r"))):
            t = r.find(q("t"))
            if t is None or word not in (t.text or ""):
                continue
            before, _, after = t.text.partition(word)
            pieces = []
            for piece in (before, word, after):
                if not piece:
                    continue
                run = copy.deepcopy(r)
                run.set(q("rsidR"), RSID)
                run.find(q("t")).text = piece
                run.find(q("t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                pieces.append(run)
            parent = r.getparent()
            at = parent.index(r)
            parent.remove(r)
            for k, run in enumerate(pieces):
                parent.insert(at + k, run)
            return [run for run in pieces if run.find(q("t")).text == word][:1]
        raise AssertionError(f"{word!r} not in one run")

    def _revision(self, tag: str, author: str) -> etree._Element:
        self.next_id += 1
        return etree.Element(q(tag), {q("id"): str(self.next_id), q("author"): author, q("date"): DATE})

    # -- edits without track changes
    def replace(self, contains: str, old: str, new: str) -> None:
        """A word typed over, track changes off: the run split, a proofing mark left beside it."""
        p = self.paragraph(contains)
        (run,) = self._split(p, old)
        run.find(q("t")).text = new
        run.addprevious(etree.Element(q("proofErr"), {q("type"): "spellStart"}))
        run.addnext(etree.Element(q("proofErr"), {q("type"): "spellEnd"}))

    def join_next(self, contains: str) -> None:
        """The paragraph mark deleted, track changes off: the next paragraph's runs run on in this one."""
        p = self.paragraph(contains)
        following = p.getnext()
        while following is not None and following.tag != q("p"):
            following = following.getnext()
        assert following is not None, f"no paragraph after {contains!r}"
        for child in list(following):
            if child.tag != q("pPr"):
                p.append(child)
        following.getparent().remove(following)

    def delete_paragraph(self, contains: str) -> None:
        """A whole paragraph selected and deleted, track changes off."""
        p = self.paragraph(contains)
        p.getparent().remove(p)

    def bookmark(self, contains: str, name: str = "_GoBack") -> None:
        p = self.paragraph(contains)
        p.append(etree.Element(q("bookmarkStart"), {q("id"): "0", q("name"): name}))
        p.append(etree.Element(q("bookmarkEnd"), {q("id"): "0"}))

    # -- tracked edits
    def tracked_replace(self, contains: str, old: str, new: str, author: str = "张主任") -> None:
        """`old` struck through and `new` typed after it: w:del then w:ins."""
        p = self.paragraph(contains)
        (run,) = self._split(p, old)
        deleted = self._revision("del", author)
        inserted = self._revision("ins", author)
        run.addprevious(deleted)
        added = copy.deepcopy(run)
        deleted.append(run)
        t = run.find(q("t"))
        t.tag = q("delText")
        added.find(q("t")).text = new
        inserted.append(added)
        deleted.addnext(inserted)

    def tracked_insert(self, contains: str, after: str, new: str, author: str = "张主任") -> None:
        p = self.paragraph(contains)
        (run,) = self._split(p, after)
        inserted = self._revision("ins", author)
        added = copy.deepcopy(run)
        added.find(q("t")).text = new
        inserted.append(added)
        run.addnext(inserted)

    def tracked_delete(self, contains: str, old: str, author: str = "张主任") -> None:
        p = self.paragraph(contains)
        (run,) = self._split(p, old)
        deleted = self._revision("del", author)
        run.addprevious(deleted)
        deleted.append(run)
        run.find(q("t")).tag = q("delText")

    def tracked_delete_paragraph(self, contains: str, author: str = "张主任") -> None:
        """A whole paragraph deleted: its runs in w:del and its mark deleted."""
        p = self.paragraph(contains)
        self._mark(p, "del", author)
        runs = [r for r in p if r.tag == q("r")]
        deleted = self._revision("del", author)
        runs[0].addprevious(deleted)
        for r in runs:
            deleted.append(r)
            for t in r.iter(q("t")):
                t.tag = q("delText")

    def tracked_insert_paragraph(self, after: str, text: str, author: str = "张主任") -> None:
        """A new paragraph typed after another: the other's formatting, its mark and text in w:ins."""
        p = self.paragraph(after)
        new = etree.Element(q("p"), {q("rsidR"): RSID, q("rsidRPr"): RSID})
        ppr = p.find(q("pPr"))
        if ppr is not None:
            new.append(copy.deepcopy(ppr))
        self._mark(new, "ins", author)
        inserted = self._revision("ins", author)
        run = copy.deepcopy(next(r for r in p.iter(q("r")) if r.find(q("t")) is not None))
        run.find(q("t")).text = text
        inserted.append(run)
        new.append(inserted)
        p.addnext(new)

    def tracked_move_after(self, moved: str, after: str, author: str = "张主任") -> None:
        """A paragraph dragged below another with track changes on: Word leaves it where it was in
        w:moveFrom (between w:moveFromRangeStart/End, named alike) and writes it again in w:moveTo."""
        source = self.paragraph(moved)
        target = self.paragraph(after)
        copy_of = copy.deepcopy(source)
        self.next_id += 1
        name = f"move{self.next_id}"
        for p, tag in ((source, "moveFrom"), (copy_of, "moveTo")):
            self._mark(p, tag, author)
            runs = [r for r in p if r.tag == q("r")]
            wrapper = self._revision(tag, author)
            runs[0].addprevious(etree.Element(q(f"{tag}RangeStart"), {q("id"): str(self.next_id), q("name"): name}))
            runs[0].addprevious(wrapper)
            for r in runs:
                wrapper.append(r)
            wrapper.addnext(etree.Element(q(f"{tag}RangeEnd"), {q("id"): str(self.next_id)}))
        target.addnext(copy_of)

    def tracked_indent(self, contains: str, author: str = "张主任") -> None:
        """A paragraph formatting change: the old paragraph properties kept in w:pPrChange."""
        p = self.paragraph(contains)
        ppr = p.find(q("pPr"))
        old = copy.deepcopy(ppr)
        for child in list(old):
            if child.tag == q("rPr"):
                old.remove(child)
        change = self._revision("pPrChange", author)
        change.append(old)
        rpr = ppr.find(q("rPr"))
        if rpr is not None:
            rpr.addprevious(change)
        else:
            ppr.append(change)

    def runs_per_character(self, contains: str) -> None:
        """Word after many sessions: a paragraph in runs of one character, each with its rsid."""
        p = self.paragraph(contains)
        for r in [r for r in p.iter(q("r")) if r.find(q("t")) is not None]:
            text = r.find(q("t")).text or ""
            for k, char in enumerate(text):
                run = copy.deepcopy(r)
                run.set(q("rsidR"), f"00{k % 256:02X}1234")
                run.find(q("t")).text = char
                r.addprevious(run)
                if k % 7 == 3:
                    r.addprevious(etree.Element(q("proofErr"), {q("type"): "gramStart"}))
            r.getparent().remove(r)

    def _mark(self, p: etree._Element, tag: str, author: str) -> None:
        ppr = p.find(q("pPr"))
        if ppr is None:
            ppr = etree.SubElement(p, q("pPr"))
            p.insert(0, ppr)
        rpr = ppr.find(q("rPr"))
        if rpr is None:
            rpr = etree.SubElement(ppr, q("rPr"))
        rpr.append(self._revision(tag, author))

    def tracked_bold(self, contains: str, word: str, author: str = "张主任") -> None:
        """A formatting change: `word` made bold, the old run properties kept in w:rPrChange."""
        p = self.paragraph(contains)
        (run,) = self._split(p, word)
        rpr = run.find(q("rPr"))
        old = copy.deepcopy(rpr)
        rpr.insert(1, etree.Element(q("b")))
        change = self._revision("rPrChange", author)
        old.tag = q("rPr")
        change.append(old)
        rpr.append(change)

    # -- comments
    def comment(self, contains: str, word: str, text: str, author: str = "张主任", done: bool = False) -> None:
        p = self.paragraph(contains)
        (run,) = self._split(p, word)
        cid = str(len(self.comments))
        run.addprevious(etree.Element(q("commentRangeStart"), {q("id"): cid}))
        run.addnext(etree.Element(q("commentRangeEnd"), {q("id"): cid}))
        reference = etree.Element(q("r"))
        rpr = etree.SubElement(reference, q("rPr"))
        etree.SubElement(rpr, q("rStyle"), {q("val"): "CommentReference"})
        etree.SubElement(reference, q("commentReference"), {q("id"): cid})
        run.getnext().addnext(reference)
        self.comments.append((int(cid), author, text, done))

    def _comment_parts(self) -> None:
        if not self.comments:
            return
        nsmap = {"w": W, "w14": W14, "w15": W15}
        root = etree.Element(q("comments"), nsmap=nsmap)
        extended = etree.Element(q("commentsEx", W15), nsmap=nsmap)
        for cid, author, text, done in self.comments:
            comment = etree.SubElement(
                root, q("comment"), {q("id"): str(cid), q("author"): author, q("date"): DATE, q("initials"): author[:1]}
            )
            para_id = f"1A2B3C{cid:02X}"
            p = etree.SubElement(comment, q("p"), {q("paraId", W14): para_id})
            ppr = etree.SubElement(p, q("pPr"))
            etree.SubElement(ppr, q("pStyle"), {q("val"): "CommentText"})
            ref = etree.SubElement(p, q("r"))
            etree.SubElement(ref, q("annotationRef"))
            r = etree.SubElement(p, q("r"))
            etree.SubElement(r, q("t")).text = text
            etree.SubElement(
                extended, q("commentEx", W15), {q("paraId", W15): para_id, q("done", W15): "1" if done else "0"}
            )
        self.parts["word/comments.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        self.parts["word/commentsExtended.xml"] = etree.tostring(
            extended, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        rels = self.parts["word/_rels/document.xml.rels"].decode()
        rels = rels.replace(
            "</Relationships>",
            '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"'
            ' Target="comments.xml"/><Relationship Id="rId91" '
            'Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" '
            'Target="commentsExtended.xml"/></Relationships>',
        )
        self.parts["word/_rels/document.xml.rels"] = rels.encode()
        types = self.parts["[Content_Types].xml"].decode()
        types = types.replace(
            "</Types>",
            '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.comments+xml"/><Override PartName="/word/commentsExtended.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/></Types>',
        )
        self.parts["[Content_Types].xml"] = types.encode()

    def save(self, path: Path) -> Path:
        self._comment_parts()
        self.parts["word/document.xml"] = etree.tostring(
            self.doc, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in self.parts.items():
                package.writestr(name, data)
        path.write_bytes(buffer.getvalue())
        return path
