"""The query language: text → a small tree → a whoosh query per language.

reads: the query text and the index's vocabulary (for typo expansion);
writes: whoosh query objects; a malformed query is a ``UsageError`` with one sentence.

Syntax (Google-like): words are ANDed; ``"a phrase"`` (also «…» and “…”) must occur
as written, in that order; ``OR`` between two items (binds tighter than the implicit
AND: ``a b OR c`` = a AND (b OR c)); ``AND`` may be written; ``-word`` / ``-"phrase"``
excludes; parentheses group. A word analysed into several tokens (``23.09.2022``)
is a phrase.

Typos: a query term that is not in the field's vocabulary is expanded to the closest
vocabulary terms (optimal string alignment distance ≤ 1, ≤ 2 from eight letters on;
compared both as analysed and as typed, because a misspelt Russian word gets a
nonsense lemma from pymorphy's guesser).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Union

from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh import query as wq

from normbase.errors import UsageError
from normbase.search.analysis import Position, fold

QUOTES = {'"': '"', "«": "»", "“": "”", "„": "“"}


@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Not:
    item: "Node"


@dataclass(frozen=True)
class And:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    items: tuple["Node", ...]


Node = Union[Word, Phrase, Not, And, Or]
_LEX = re.compile(r'\s+|(?P<q>["«“„])|(?P<p>[()])|(?P<w>[^\s"«»“”„()]+)|(?P<stray>[»”])')


def _lex(text: str) -> list[tuple[str, str]]:
    """(kind, text) tokens: word, phrase, op (OR/AND), neg, lparen, rparen."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        m = _LEX.match(text, i)
        assert m is not None
        if m.group("q"):
            close = QUOTES[m.group("q")]
            end = text.find(close, m.end())
            if end < 0:
                raise UsageError(f"the query has an opening quote {m.group('q')} without its closing {close}")
            neg = bool(out) and out[-1] == ("neg", "-")
            if neg:
                out.pop()
            out.append(("nphrase" if neg else "phrase", text[m.end():end]))
            i = end + 1
            continue
        if m.group("stray"):
            raise UsageError(f"the query has a closing quote {m.group('stray')} without its opening quote")
        if m.group("p"):
            out.append(("lparen" if m.group("p") == "(" else "rparen", m.group("p")))
        elif m.group("w"):
            w = m.group("w")
            if w in ("OR", "AND"):
                out.append(("op", w))
            elif w == "-":
                out.append(("neg", "-"))
            elif w.startswith("-"):
                out.append(("nword", w[1:]))
            else:
                out.append(("word", w))
        i = m.end()
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]):
        self.toks = tokens
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self) -> Node:
        node = self.sequence(top=True)
        if self.peek() is not None:
            raise UsageError("the query has a closing parenthesis ) without its opening (")
        return node

    def sequence(self, top: bool) -> Node:
        items: list[Node] = []
        while True:
            tok = self.peek()
            if tok is None or tok[0] == "rparen":
                break
            if tok == ("op", "AND"):
                if not items:
                    raise UsageError("AND needs a word on each side")
                self.i += 1
                if self.peek() is None or self.peek()[0] in ("rparen", "op"):
                    raise UsageError("AND needs a word on each side")
                continue
            items.append(self.disjunction())
        if not items:
            raise UsageError("the query is empty" if top else "the query has empty parentheses ()")
        return items[0] if len(items) == 1 else And(tuple(items))

    def disjunction(self) -> Node:
        items = [self.unary()]
        while self.peek() == ("op", "OR"):
            self.i += 1
            tok = self.peek()
            if tok is None or tok[0] in ("rparen", "op"):
                raise UsageError("OR needs a word on each side")
            items.append(self.unary())
        if len(items) > 1 and any(isinstance(i, Not) for i in items):
            raise UsageError("an excluded -word cannot be one side of OR")
        return items[0] if len(items) == 1 else Or(tuple(items))

    def unary(self) -> Node:
        tok = self.peek()
        assert tok is not None
        self.i += 1
        kind, text = tok
        if kind == "word":
            return Word(text)
        if kind == "phrase":
            return Phrase(text)
        if kind == "nword":
            return Not(Word(text))
        if kind == "nphrase":
            return Not(Phrase(text))
        if kind == "neg":
            nxt = self.peek()
            if nxt is not None and nxt[0] == "lparen":
                return Not(self.unary())
            return Word("-")           # a lone dash is punctuation; analysis drops it
        if kind == "lparen":
            inner = self.sequence(top=False)
            if self.peek() is None or self.peek()[0] != "rparen":
                raise UsageError("the query has an opening parenthesis ( without its closing )")
            self.i += 1
            if not has_positive(inner):
                raise UsageError("a group in parentheses needs a word that is not excluded")
            return inner
        if kind == "op":
            raise UsageError(f"{text} needs a word on each side")
        raise UsageError("the query has a closing parenthesis ) without its opening (")


def parse_query(text: str) -> Node:
    """The query tree; ``UsageError`` for an empty or malformed query."""
    if not isinstance(text, str) or not text.strip():
        raise UsageError("the query is empty")
    return _Parser(_lex(text)).parse()


# -- to whoosh -------------------------------------------------------------------

Analyse = Callable[[str], list[Position]]


@dataclass
class FieldVocabulary:
    """The terms of one indexed field, for exact checks and typo expansion."""

    terms: list[str]
    termset: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.termset = set(self.terms)

    def close(self, term: str, typed: str) -> list[str]:
        """Vocabulary terms within the typo distance of the term (or of the word as typed)."""
        if len(term) < 4 or any(ch.isdigit() for ch in term):
            return []
        found: dict[str, float] = {}
        for probe in {term, typed}:
            k = 1 if len(probe) < 8 else 2
            for cand, dist, _ in process.extract(probe, self.terms, scorer=OSA.distance,
                                                 score_cutoff=k, limit=8):
                found[cand] = min(found.get(cand, 9), dist)
        return sorted(found, key=lambda c: (found[c], c))[:8]


@dataclass
class Compiled:
    """A whoosh query and the terms worth highlighting (expansions included)."""

    query: wq.Query | None
    highlight: set[str] = field(default_factory=set)
    words: int = 0                  # positive query words that analysed to something


def _term(fieldname: str, pos: Position, vocab: FieldVocabulary, typed: str, out: Compiled) -> wq.Query:
    term = pos.terms[0]
    if term in vocab.termset:
        out.highlight.add(term)
        return wq.Term(fieldname, term)
    near = vocab.close(term, fold(typed))
    out.highlight.update(near)
    if not near:
        return wq.Term(fieldname, term)
    if len(near) == 1:
        return wq.Term(fieldname, near[0])
    return wq.Or([wq.Term(fieldname, t) for t in near])


def _sequence(fieldname: str, text: str, analyse: Analyse, vocab: FieldVocabulary, out: Compiled | None) -> wq.Query | None:
    sink = out if out is not None else Compiled(None)
    poss = analyse(text)
    if not poss:
        return None
    sink.words += 1
    subs = [_term(fieldname, p, vocab, text[p.start:p.end], sink) for p in poss]
    if len(subs) == 1:
        return subs[0]
    if all(isinstance(s, wq.Term) for s in subs):
        return wq.Phrase(fieldname, [s.text for s in subs])
    return wq.Sequence(subs)


def compile_query(node: Node, fieldname: str, analyse: Analyse, vocab: FieldVocabulary) -> Compiled:
    """The whoosh query of ``node`` over one language field."""
    out = Compiled(None)

    def go(n: Node, positive: bool) -> wq.Query | None:
        if isinstance(n, (Word, Phrase)):
            return _sequence(fieldname, n.text, analyse, vocab, out if positive else None)
        if isinstance(n, Not):
            return go(n.item, False)
        if isinstance(n, Or):
            subs = [q for q in (go(i, positive) for i in n.items) if q is not None]
            return None if not subs else subs[0] if len(subs) == 1 else wq.Or(subs)
        assert isinstance(n, And)
        pos = [q for q in (go(i, positive) for i in n.items if not isinstance(i, Not)) if q is not None]
        neg = [q for q in (go(i.item, False) for i in n.items if isinstance(i, Not)) if q is not None]
        if not pos:
            return None
        q = pos[0] if len(pos) == 1 else wq.And(pos)
        if neg:
            q = wq.AndNot(q, neg[0] if len(neg) == 1 else wq.Or(neg))
        return q

    out.query = go(node, True)
    return out


def has_positive(node: Node) -> bool:
    """Whether the query asks for something (not only exclusions)."""
    if isinstance(node, (Word, Phrase)):
        return True
    if isinstance(node, Not):
        return False
    return any(has_positive(i) for i in node.items)
