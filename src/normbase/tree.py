"""The one immutable tree type, used by every stage and every dated version.

reads: nothing; writes: nothing (pure data and pure functions).

A ``Node`` is a unit of an act: the act itself, a container (``order``, ``rules``,
``appN``), a heading (``title``, ``header``, ``preamble``, ``signature``), a
chapter (its text is the chapter heading), a point, a part or a subpoint. Nodes are
frozen; an update copies the path from the root to the changed node
(:func:`replace_at`), so versions share every unchanged subtree. ``digest`` is a
content hash that lets diffs skip equal subtrees.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import field, replace
from collections.abc import Iterator

from normbase.model.kinds import NODE_KINDS
from normbase.records import record
from normbase.model.address import within

KINDS = NODE_KINDS  # the table of unit kinds (``model/kinds.py``), plus the act's root
NOTE_KINDS = ("footnote", "rcpi")  # an editorial footnote; an RCPI note: an amendment announced, not applied
STATUSES = (
    "",
    "deleted",
    "not_in_force",
)  # as the text itself states it («исключен», «вводится в действие с»)


@record
class Note:
    """An editorial footnote («Сноска.» / «Ескерту.») as published, with its line."""

    text: str
    line: int | None = None
    kind: str = "footnote"  # one of NOTE_KINDS


@record
class Node:
    kind: str
    address: str  # canonical address ("" for the act root)
    label: str = ""  # the official number as printed: "7.", "5)", "2."
    text: str = ""  # the unit's own wording (a chapter's heading), without its label
    children: tuple[Node, ...] = ()
    notes: tuple[Note, ...] = ()
    lines: tuple[int, int] | None = field(default=None, compare=False)  # first/last source line
    status: str = ""  # "deleted" («исключен» / «алып тасталды»), "not_in_force" («вводится в действие с …»)
    _digest: str | None = field(
        default=None, init=False, repr=False, compare=False
    )  # ``digest``, once computed

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown node kind {self.kind!r}")
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    # -- reading ---------------------------------------------------------
    def walk(self) -> Iterator[Node]:
        """This node and every node below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, address: str) -> Node | None:
        for node in self.walk():
            if node.address == address:
                return node
        return None

    def index(self) -> dict[str, Node]:
        return {n.address: n for n in self.walk() if n.address}

    @property
    def full_text(self) -> str:
        """The unit with everything below it, labels included, one paragraph a line."""
        own = " ".join(p for p in (self.label, self.text) if p)
        rows = [own] if own else []
        rows += [c.full_text for c in self.children if c.full_text]
        return "\n".join(rows)

    @property
    def digest(self) -> str:
        digest = self._digest
        if digest is None:
            payload = json.dumps(to_json(self, with_lines=False), ensure_ascii=False, sort_keys=True)
            digest = hashlib.sha256(payload.encode()).hexdigest()[:16]
            object.__setattr__(self, "_digest", digest)
        return digest


def replace_at(root: Node, address: str, new: Node | None) -> Node:
    """A copy of ``root`` with the node at ``address`` replaced by ``new`` (or removed when None).

    Only the path from the root to the node is copied. ``KeyError`` if the address is absent.
    """

    def go(node: Node) -> tuple[Node | None, bool]:
        if node.address == address:
            return new, True
        for i, child in enumerate(node.children):
            if (
                address == child.address
                or within(address, child.address)
                or child.kind in ("container", "chapter", "section", "paragraph-group", "act")
            ):
                changed, found = go(child)
                if found:
                    kids = list(node.children)
                    if changed is None:
                        del kids[i]
                    else:
                        kids[i] = changed
                    return replace(node, children=tuple(kids)), True
        return node, False

    result, found = go(root)
    if not found:
        raise KeyError(address)
    assert result is not None
    return result


def insert_after(root: Node, parent_address: str, after_address: str | None, new: Node) -> Node:
    """A copy of ``root`` with ``new`` inserted under ``parent_address`` after ``after_address``
    (at the end when ``after_address`` is None or absent)."""
    parent = root.find(parent_address)
    if parent is None:
        raise KeyError(parent_address)
    kids = list(parent.children)
    pos = len(kids)
    for i, kid in enumerate(kids):
        if kid.address == after_address:
            pos = i + 1
    kids.insert(pos, new)
    return replace_at(root, parent_address, replace(parent, children=tuple(kids)))


def to_json(node: Node, with_lines: bool = True) -> dict:
    out: dict = {"kind": node.kind, "address": node.address}
    if node.label:
        out["label"] = node.label
    if node.text:
        out["text"] = node.text
    if node.notes:
        out["notes"] = [_note_json(n, with_lines) for n in node.notes]
    if node.status:
        out["status"] = node.status
    if with_lines and node.lines:
        out["lines"] = list(node.lines)
    if node.children:
        out["children"] = [to_json(c, with_lines) for c in node.children]
    return out


def _note_json(note: Note, with_lines: bool) -> dict:
    out: dict = {"text": note.text, "line": note.line} if with_lines else {"text": note.text}
    if note.kind != "footnote":
        out["kind"] = note.kind
    return out


def from_json(data: dict) -> Node:
    return Node(
        kind=data["kind"],
        address=data["address"],
        label=data.get("label", ""),
        text=data.get("text", ""),
        children=tuple(from_json(c) for c in data.get("children", ())),
        notes=tuple(Note(n["text"], n.get("line"), n.get("kind", "footnote")) for n in data.get("notes", ())),
        lines=tuple(data["lines"]) if data.get("lines") else None,
        status=data.get("status", ""),
    )


def own_text(node: Node) -> str:
    """A unit's own wording: its label and its text."""
    return " ".join(p for p in (node.label, node.text) if p)


def tree_units(tree: Node) -> dict[str, Node]:
    """The units of a tree by address (not the containers)."""
    return {n.address: n for n in tree.walk() if n.address and n.kind not in ("container", "act")}
