"""The query language: text → a small tree → a whoosh query per language.

reads: the query text and the index's vocabulary (for typo expansion);
writes: whoosh query objects; a malformed query is a ``UsageError`` with one sentence.

Syntax (Google-like): words are ANDed; ``"a phrase"`` (also «…» and “…”) must occur
as written, in that order; ``OR`` between two items (binds tighter than the implicit
AND: ``a b OR c`` = a AND (b OR c)); ``AND`` may be written; ``-word`` / ``-"phrase"``
excludes; parentheses group (at most ``MAX_DEPTH`` levels). A word analysed into several
tokens (``23.09.2022``) is a phrase. Anything else is taken literally, as words: ``NOT``,
``+word``, ``word*``, ``field:value``, ``&&`` are not operators; ``reading_notes`` says how
such a query is read (the CLI prints it), so that it never ends in a silent empty result.
A query is at most ``MAX_LENGTH`` characters.

Typos: a query term that is not in the field's vocabulary is expanded to the closest
vocabulary terms (optimal string alignment distance ≤ 1, ≤ 2 from eight letters on;
compared both as analysed and as typed, because a misspelt Russian word gets a
nonsense lemma from pymorphy's guesser).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Callable, Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh import query as wq

from normbase.errors import UsageError
from normbase.search.analysis import Position, fold

QUOTES = {'"': '"', "«": "»", "“": "”", "„": "“"}
MAX_DEPTH = 16  # levels of parentheses
MAX_LENGTH = 1000  # characters of a query


@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class Not:
    item: Node


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


Node = Word | Phrase | Not | And | Or
_LEX = re.compile(
    r'\s+|(?P<q>["«“„])|(?P<p>[()])'
    r'|(?P<w>(?:№|N|Н|No\.?)\s*\d[^\s"«»“”„()]*|[^\s"«»“”„()]+)|(?P<stray>[»”])'
)


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
            out.append(("nphrase" if neg else "phrase", text[m.end() : end]))
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
        self.depth = 0

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
                if (nxt := self.peek()) is None or nxt[0] in ("rparen", "op"):
                    raise UsageError("AND needs a word on each side")
                continue
            items.append(self.disjunction())
        if top and self.peek() is not None:
            raise UsageError("the query has a closing parenthesis ) without its opening (")
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
            return Word("-")  # a lone dash is punctuation; analysis drops it
        if kind == "lparen":
            if ("rparen", ")") not in self.toks[self.i :]:
                raise UsageError("the query has an opening parenthesis ( without its closing )")
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise UsageError(f"the query nests parentheses more than {MAX_DEPTH} levels deep")
            inner = self.sequence(top=False)
            self.depth -= 1
            if (nxt := self.peek()) is None or nxt[0] != "rparen":
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
    if len(text) > MAX_LENGTH:
        raise UsageError(f"the query is longer than {MAX_LENGTH} characters")
    return _Parser(_lex(text)).parse()


_NOT_OPERATORS = {
    "NOT": "NOT is not an operator here: it was searched as a word; to exclude a word write -word",
    "&&": "&& is not an operator here: words are all required anyway",
    "||": "|| is not an operator here: write OR",
    "!": "! is not an operator here: to exclude a word write -word",
    "or": "or in lower case is a word: for either of two words write OR",
    "and": "and in lower case is a word: words are all required anyway",
}


def reading_notes(text: str) -> list[str]:
    """How a query using syntax normbase does not support was read (one sentence each), in the
    order they occur; empty for a query of the documented syntax or a malformed one."""
    try:
        tokens = _lex(text) if isinstance(text, str) and len(text) <= MAX_LENGTH else []
    except UsageError:
        return []
    notes: list[str] = []
    for kind, word in tokens:
        if kind != "word":
            continue
        if word in _NOT_OPERATORS:
            note = _NOT_OPERATORS[word]
        elif word.startswith("+") and len(word) > 1:
            note = f"{word}: + is not an operator here (every word is required): read as {word[1:]}"
        elif len(word) > 1 and word[-1] in "*?~^":
            note = (
                f"{word}: {word[-1]} is not an operator here (word forms are found anyway): "
                f"read as {word[:-1]}"
            )
        elif re.fullmatch(r"[^\W\d_]+:\S+", word):
            note = f"{word}: field:value is not supported: read as the words {word.replace(':', ' ')}"
        else:
            continue
        if note not in notes:
            notes.append(note)
    return notes


# -- to whoosh -------------------------------------------------------------------

Analyse = Callable[[str], list[Position]]


@dataclass
class FieldVocabulary:
    """The terms of one indexed field, and the folded word forms they come from (for
    typo expansion: a misspelt ending is closer to a form than to the stem)."""

    terms: list[str]
    surfaces: dict[str, str] = field(default_factory=dict)  # folded word form -> primary term
    readings: Callable[[str], Iterable[str]] | None = None  # Kazakh: every stem a term may be read as
    termset: set[str] = field(init=False)
    _forms: list[str] = field(init=False)
    _by_stem: dict[str, list[str]] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.termset = set(self.terms)
        self._forms = sorted(self.surfaces)

    def extensions(self, term: str) -> list[str]:
        """Vocabulary terms that ``term`` is a stem of under some valid reading, though
        the indexing kept them whole (``ахуал`` → ``ахуалды``: a form seen once, with a
        short ending, is not stripped at indexing; the query side finds it)."""
        if self.readings is None:
            return []
        if self._by_stem is None:
            by: dict[str, list[str]] = {}
            for t in self.terms:
                for st in self.readings(t):
                    if st != t:
                        by.setdefault(st, []).append(t)
            self._by_stem = by
        return self._by_stem.get(term, [])[:8]

    def close(self, term: str, typed: str) -> list[str]:
        """Vocabulary terms within the typo distance of ``term``, or whose word forms are
        within it of the word as ``typed`` (folded)."""
        found: dict[str, float] = {}
        for probe, pool, to_term in ((term, self.terms, None), (typed, self._forms, self.surfaces)):
            if len(probe) < 4 or any(ch.isdigit() for ch in probe):
                continue
            k = 1 if len(probe) < 8 else 2
            for cand, dist, _ in process.extract(probe, pool, scorer=OSA.distance, score_cutoff=k, limit=8):
                t = to_term[cand] if to_term else cand
                if t in self.termset:
                    found[t] = min(found.get(t, 9), dist)
        return sorted(found, key=lambda c: (found[c], c))[:8]


@dataclass
class Compiled:
    """A whoosh query, the terms worth highlighting (expansions included), and the
    top-level words' terms in order (for proximity reranking)."""

    query: wq.Query | None
    highlight: set[str] = field(default_factory=set)
    words: int = 0  # positive query words that analysed to something
    links: list[set[str]] = field(default_factory=list)


def _resolve(pos: Position, vocab: FieldVocabulary, typed: str) -> list[str]:
    """The field terms one query token stands for: its readings that the field holds;
    else the terms it is an unstripped reading of (Kazakh); else the closest (typos)."""
    known = [t for t in pos.query_terms if t in vocab.termset]
    return known or vocab.extensions(pos.terms[0]) or vocab.close(pos.terms[0], fold(typed))


def _term(fieldname: str, pos: Position, vocab: FieldVocabulary, typed: str, out: Compiled) -> wq.Query:
    known = _resolve(pos, vocab, typed)
    out.highlight.update(known)
    if not known:
        return wq.Term(fieldname, pos.terms[0])
    if len(known) == 1:
        return wq.Term(fieldname, known[0])
    return wq.Or([wq.Term(fieldname, t) for t in known])


def _sequence(
    fieldname: str, text: str, analyse: Analyse, vocab: FieldVocabulary, out: Compiled | None
) -> wq.Query | None:
    sink = out if out is not None else Compiled(None)
    poss = analyse(text)
    if not poss:
        return None
    sink.words += 1
    subs = [_term(fieldname, p, vocab, text[p.start : p.end], sink) for p in poss]
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
    out.links = chain(node, analyse, vocab)
    return out


PROXIMITY_WEIGHT = 0.5  # a unit with every pair of query words close scores up to 1.5×
PROXIMITY_SLOP = 2  # "close": at most one other word between two query words
RERANK_DEPTH = 50  # how many BM25 hits the proximity reranking looks at (at least)


def chain(node: Node, analyse: Analyse, vocab: FieldVocabulary) -> list[set[str]]:
    """The field terms of the top-level AND's words, token by token, in query order (for
    the proximity reranking; empty when the query is one word or phrase)."""
    if not isinstance(node, And):
        return []
    out: list[set[str]] = []
    for item in node.items:
        if isinstance(item, Word):
            for p in analyse(item.text):
                known = set(_resolve(p, vocab, item.text[p.start : p.end]))
                if known:
                    out.append(known)
    return out if len(out) >= 2 else []


def closeness(links: list[set[str]], positions: list[Position]) -> float:
    """The share of consecutive query-word pairs that stand close, in order, in a text."""
    if len(links) < 2:
        return 0.0
    where = [[i for i, p in enumerate(positions) if terms.intersection(p.terms)] for terms in links]
    near = 0
    for a, b in zip(where, where[1:]):
        bs = set(b)
        if any(i + d in bs for i in a for d in range(1, PROXIMITY_SLOP + 1)):
            near += 1
    return near / (len(links) - 1)


def has_positive(node: Node) -> bool:
    """Whether the query asks for something (not only exclusions)."""
    if isinstance(node, (Word, Phrase)):
        return True
    if isinstance(node, Not):
        return False
    return any(has_positive(i) for i in node.items)
