"""Structure: normalized lines → the act's tree of units.

reads: ``NormalizedText`` lines of one source file (its language and source kind);
writes: a ``ParsedText``: the ``Node`` tree with stable addresses, and diagnostics. The lines are
first cut into paragraphs (``paragraphs.py``, shared with ``articles.py``).

Lenient: it never raises on odd text. What it cannot classify becomes a paragraph
of the unit it is in (or of the header), with a diagnostic naming the line: text with no
Cyrillic word (a page number, a URL) becomes a ``paragraph`` node ``…paraN`` beside the
unit's own wording, never inside it; a duplicate number is kept as text of the unit above.
Every word of the input lands in exactly one label, text or footnote of the tree (tested).

The shape it builds (see ``address.py``)::

    act
      order: title, header, preamble, p1 … pN (parts, subpoints), signature
      rules: header, title, ch1 … (a chapter's text is its heading; points sit in
             chapters but are addressed rules.pN), points, parts, subpoints

A point's first paragraph is its own ``text`` (addressed ``…pN.part1`` too); further
unlabelled paragraphs are parts ``part2`` …; ``N)`` paragraphs are subpoints, and so are
paragraphs numbered by a letter, ``а)`` … (``place_letter``: ``p7.spa``, or ``…part2.spa`` in the
part that introduces them; a Latin look-alike ``a)`` reads as the Cyrillic letter). In an
amending order, point 1 holds the instruction clauses: every paragraph after its
first is a part, quoted wording included (interpreting them is ``instructions.py``).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from collections.abc import Sequence

from normbase.footnotes import is_footnote_start, parse_footnote
from normbase.model.kinds import letter_number, number_key
from normbase.normalize import Line
from normbase.paragraphs import (
    APPENDIX_HEADER,
    CHAPTER,
    ENACTING,
    LETTER_LABEL,
    POINT_LABEL,
    RULES_HEADER_START,
    SIGNATURE,
    SUBPOINT_LABEL,
    Diagnostic,
    Paragraph,
    heading_like,
    is_noise,
    paragraphs,
)
from normbase.tree import Node, Note


@dataclass(frozen=True)
class ParsedText:
    tree: Node
    diagnostics: tuple[Diagnostic, ...]
    lang: str
    file: str


# -- step 2: paragraphs → tree --------------------------------------------------


@dataclass
class _Unit:
    """A mutable node under construction (frozen into ``Node`` at the end)."""

    kind: str
    address: str
    label: str = ""
    text: str = ""
    children: list[_Unit] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    first: int | None = None
    last: int | None = None
    counts: dict[str, int] = field(default_factory=dict)  # how many children of each kind
    status: str = ""

    def add(self, child: _Unit) -> None:
        self.children.append(child)
        self.counts[child.kind] = self.counts.get(child.kind, 0) + 1

    def freeze(self) -> Node:
        return self._freeze()[0]

    def _freeze(self) -> tuple[Node, int | None, int | None]:
        """The node, and the first and last source line of anything in its subtree (None: no lines)."""
        lines = (self.first, self.last) if self.first and self.last and self.kind != "container" else None
        lo, hi = lines or (None, None)
        children = []
        for child in self.children:
            node, first, last = child._freeze()
            children.append(node)
            if first is not None and (lo is None or first < lo):
                lo = first
            if last is not None and (hi is None or last > hi):
                hi = last
        if self.kind == "container" and lo is not None and hi is not None:  # a container spans its units
            lines = (lo, hi)
        node = Node(
            self.kind,
            self.address,
            self.label,
            self.text,
            tuple(children),
            tuple(self.notes),
            lines,
            self.status,
        )
        return node, lo, hi

    def add_text(self, text: str, para: Paragraph) -> None:
        self.text = f"{self.text} {text}".strip()
        self.first = self.first or para.first
        self.last = para.last


def place_unit(
    builder, parent: _Unit, kind: str, address: str, para: Paragraph, label: str, text: str
) -> _Unit | None:
    """A new unit at ``address`` under ``parent``, for both parsers (orders here, ``articles`` for
    laws): ``builder`` holds ``seen``, ``last`` and ``warn``. None for a duplicate address: its
    text is kept with the unit above, with a diagnostic."""
    if address in builder.seen:
        builder.warn(para, f"duplicate unit {address}; kept as a paragraph of the unit above")
        builder.last.add_text(f"{label} {text}".strip(), para)
        return None
    builder.seen.add(address)
    u = _Unit(kind, address, sys.intern(label), text, first=para.first, last=para.last)
    parent.add(u)
    builder.last = u
    return u


def place_letter(builder, owner: _Unit, para: Paragraph, m: re.Match[str]) -> _Unit | None:
    """A subpoint numbered by a letter («а)», «д)»), for both parsers (``builder`` holds ``last``,
    ``letters`` and ``unit``): it continues the list of the letter read before it in ``owner`` when
    it comes later in the alphabet; else it opens a list in the part just read («Признаются также:»
    → ``art2.part2.spa``), or in ``owner`` itself (``art2.spa``, ``rules.p7.spa``)."""
    number = letter_number(m.group(1)) or m.group(1)
    prev = builder.letters
    if prev is not None and prev[0] is owner and number_key(number) > number_key(prev[2]):
        parent = prev[1]
    elif builder.last.kind == "part" and owner.children and owner.children[-1] is builder.last:
        parent = builder.last
    else:
        parent = owner
    u = builder.unit(parent, "subpoint", f"sp{number}", para, m.group().strip(), para.text[m.end() :])
    if u is not None:
        builder.letters = (owner, parent, number)
    return u


class _Builder:
    def __init__(self, file: str, lang: str, kind: str, has_header: bool = True):
        self.file, self.lang, self.kind, self.has_header = file, lang, kind, has_header
        self.root = _Unit("act", "")
        self.order = _Unit("container", "order")
        self.root.add(self.order)
        self.rules: _Unit | None = None  # the approved document being read (``rules``, then ``appN``)
        self.rules_points = 0  # points read in it
        self.chapter: _Unit | None = None
        self.point: _Unit | None = None
        self.last: _Unit = self.order
        self.order_points = 0
        self.diagnostics: list[Diagnostic] = []
        self.quote_depth = 0
        self.seen: set[str] = set()
        self.letters: tuple[_Unit, _Unit, str] | None = (
            None  # the owner, parent and number of the last letter
        )

    def warn(self, para: Paragraph, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.file, para.first, message))

    def unit(
        self, parent: _Unit, kind: str, step: str, para: Paragraph, label: str = "", text: str = ""
    ) -> _Unit | None:
        """A new unit under ``parent``; None (text kept with the unit above, diagnostic) for a duplicate."""
        address = sys.intern(
            f"{parent.address}.{step}" if parent.kind != "chapter" else f"{self.container.address}.{step}"
        )
        return place_unit(self, parent, kind, address, para, label, text)

    @property
    def container(self) -> _Unit:
        return self.rules or self.order

    # -- header region
    def header(self, para: Paragraph, index: int) -> None:
        if ENACTING.search(para.text):
            self.unit(self.order, "preamble", "preamble", para, text=para.text)
        elif is_footnote_start(para.text):
            self.footnote(para)
        elif index == 0 or not self.order.children:
            self.unit(self.order, "title", "title", para, text=para.text)
        elif self.order.children and self.order.children[-1].kind == "header":
            self.order.children[-1].add_text(para.text, para)
        else:
            self.unit(self.order, "header", "header", para, text=para.text)

    # -- body
    def body(self, para: Paragraph) -> None:
        text = para.text
        if is_footnote_start(text):
            return self.footnote(para)
        if is_noise(text):
            return self.noise(para)
        if not self.has_header and not self.order.children and not POINT_LABEL.match(text):
            self.unit(self.order, "title", "title", para, text=text)
            return
        if self.in_amending_point_one() and not self.ends_point_one(text):
            self.track_quotes(text)
            return self.part(para, text)
        m = POINT_LABEL.match(text)
        if m and not text.startswith("«"):
            return self.numbered(para, m)
        s = SUBPOINT_LABEL.match(text)
        if s and not text.startswith("«") and self.point is not None:
            self.point_child(para, "subpoint", f"sp{s.group(1)}", text[: s.end()].strip(), text[s.end() :])
            return
        letter = LETTER_LABEL.match(text)
        if letter and not text.startswith("«") and self.point is not None:
            place_letter(self, self.point, para, letter)
            return
        if SIGNATURE.match(text) and self.rules is None:
            self.unit(self.order, "signature", "signature", para, text=text)
            return
        if (
            self.rules is not None
            and self.rules_points
            and RULES_HEADER_START.match(text)
            and not self.in_quote_of_rules(text)
        ):
            self.next_appendix()  # a further approved document, with its own numbering
        if self.rules is None and RULES_HEADER_START.search(text):  # the appendix begins after the order
            self.rules = _Unit("container", "rules")
            self.root.add(self.rules)
            self.point = self.chapter = None
        if self.rules is not None and (c := CHAPTER.match(text)) is not None:
            number = c["n"] or c["k"]
            chapter = self.unit(
                self.rules, "chapter", f"ch{number}", para, c.group().strip(), text[c.end() :]
            )
            if chapter is not None:
                self.chapter, self.point = chapter, None
            return
        if (
            self.rules is not None
            and self.point is None
            and self.chapter is None
            and APPENDIX_HEADER.match(text)
        ):
            headers = [c for c in self.rules.children if c.kind == "header"]
            if headers and self.last is headers[0]:
                headers[0].add_text(text, para)
            else:
                self.unit(self.rules, "header", "header", para, text=text)
            return
        if self.rules is not None and self.point is None and self.chapter is None:
            titles = [c for c in self.rules.children if c.kind == "title"]
            if titles:
                titles[0].add_text(text, para)
            else:
                self.unit(self.rules, "title", "title", para, text=text)
            return
        if self.point is None:
            self.warn(para, "paragraph outside any point; kept with the unit above")
            self.last.add_text(text, para)
            return
        self.part(para, text)

    def in_quote_of_rules(self, text: str) -> bool:
        return self.quote_depth > 0 or text.startswith("«")

    def next_appendix(self) -> None:
        n = 1 + sum(1 for c in self.root.children if c.kind == "container" and c.address != "order")
        self.rules = _Unit("container", f"app{n}")
        self.root.add(self.rules)
        self.point = self.chapter = None
        self.rules_points = 0

    def number_appendices(self) -> None:
        """Several approved documents: the first is ``app1`` too (one alone stays ``rules``)."""
        if sum(1 for c in self.root.children if c.kind == "container" and c.address != "order") < 2:
            return
        for u in _walk(self.root):
            if u.address == "rules" or u.address.startswith("rules."):
                u.address = sys.intern("app1" + u.address[len("rules") :])

    def in_amending_point_one(self) -> bool:
        return (
            self.kind == "amending"
            and self.rules is None
            and self.point is not None
            and self.point.address == "order.p1"
        )

    def ends_point_one(self, text: str) -> bool:
        m = POINT_LABEL.match(text)
        return m is not None and not text.startswith("«") and m.group(1) == "2" and self.quote_depth <= 0

    def track_quotes(self, text: str) -> None:
        self.quote_depth = max(0, self.quote_depth + text.count("«") - text.count("»"))

    def numbered(self, para: Paragraph, m: re.Match[str]) -> None:
        number, label, rest = m.group(1), m.group(0).strip(), para.text[m.end() :]
        if self.rules is None:
            heading = heading_like(para.text) and (self.order_points or not self.has_header)
            if number == str(self.order_points + 1) and not heading:
                self.order_points += 1
                self.point = self.unit(self.order, "point", f"p{number}", para, label, rest)
                self.track_quotes(rest)
                return
            self.rules = _Unit("container", "rules")
            self.root.add(self.rules)
        if heading_like(para.text):
            chapter = self.unit(self.rules, "chapter", f"ch{number}", para, label, rest)
            if chapter is not None:
                self.chapter, self.point = chapter, None
            return
        parent = self.chapter or self.rules
        self.point = self.unit(parent, "point", f"p{number}", para, label, rest) or self.point
        self.rules_points += 1

    def point_child(self, para: Paragraph, kind: str, step: str, label: str, text: str) -> None:
        assert self.point is not None
        self.unit(self.point, kind, step, para, label, text)
        self.last_point_child = True

    def part(self, para: Paragraph, text: str) -> None:
        assert self.point is not None
        n = 1 + self.point.counts.get("part", 0) + 1
        self.unit(self.point, "part", f"part{n}", para, "", text)

    def noise(self, para: Paragraph) -> None:
        """Text with no Cyrillic word (a page number, a URL): kept as a ``paragraph`` node,
        with a diagnostic."""
        parent = self.point or self.container
        n = 1 + parent.counts.get("paragraph", 0)
        self.warn(
            para,
            f"unrecognised text {para.text[:40]!r} (no Kazakh or Russian word); "
            f"kept as {parent.address}.para{n}",
        )
        parent.add(
            _Unit("paragraph", f"{parent.address}.para{n}", "", para.text, first=para.first, last=para.last)
        )

    def footnote(self, para: Paragraph) -> None:
        note = Note(para.text, para.first)
        target = self.footnote_target(para.text)
        target.notes.append(note)

    def footnote_target(self, text: str) -> _Unit:
        hint = parse_footnote(text, self.lang).target_hint
        if hint == "title":
            for c in self.order.children:
                if c.kind == "title":
                    return c
        if hint == "chapter" and self.chapter is not None:
            return self.chapter
        if hint and re.fullmatch(r"ch\d+", hint) and self.rules is not None:
            for u in _walk(self.rules):
                if u.address == f"{self.rules.address}.{hint}":
                    return u
        if hint and re.fullmatch(r"p\d+(-\d+)*(\.sp\d+(-\d+)*)?", hint):
            for u in _walk(self.container):
                if u.address == f"{self.container.address}.{hint}":
                    return u
        if self.point is not None and self.last.address.startswith(self.point.address + "."):
            return self.point
        return self.last


def _walk(u: _Unit):
    yield u
    for c in u.children:
        yield from _walk(c)


def parse_structure(lines: Sequence[Line], lang: str, kind: str, file: str) -> ParsedText:
    """Build the tree of one source text. Never raises on odd text. A text made of articles (a law)
    is read by ``articles.py``; an order and the documents it approves, here."""
    from normbase.articles import is_article_text, parse_articles  # it builds on this module's pieces

    if is_article_text(lines, file):
        return parse_articles(lines, lang, file)
    if file.endswith(
        ".md"
    ):  # the bank's Markdown: a line after a blank line begins a paragraph, as an indent does
        lines = [
            replace(ln, indent=max(ln.indent, 2)) if i and ln.source_line > lines[i - 1].end_line + 1 else ln
            for i, ln in enumerate(lines)
        ]
    paras = paragraphs(lines, lang)
    header_done = not any(ENACTING.search(p.text) for p in paras)
    builder = _Builder(file, lang, kind, has_header=not header_done)
    if header_done and paras:
        builder.diagnostics.append(
            Diagnostic(
                file,
                paras[0].first,
                "no enacting formula (ПРИКАЗЫВАЮ / БҰЙЫРАМЫН) found: "
                "no order header recognised; the first paragraph is taken as the title",
            )
        )
    for i, para in enumerate(paras):
        if not header_done:
            builder.header(para, i)
            header_done = bool(ENACTING.search(para.text))
        else:
            builder.body(para)
    builder.number_appendices()
    tree = builder.root.freeze()
    return ParsedText(tree, tuple(builder.diagnostics), lang, file)
