"""The whole flow as one short function.

reads: the project folder (``corpus/``, ``amendments/``);
writes: a ``KnowledgeBase`` in memory (``store.py`` saves it, ``site`` renders it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from normbase.normalize import NormalizedText, decode, normalize
from normbase.sources import Corpus, Source, load_corpus
from normbase.structure import Diagnostic, ParsedText, parse_structure


@dataclass(frozen=True)
class SourceText:
    """One text file of a source: its normalized lines and its tree."""

    source: Source
    lang: str
    normalized: NormalizedText
    parsed: ParsedText

    @property
    def key(self) -> tuple[str, str]:
        return (str(self.source.id), self.lang)


@dataclass(frozen=True)
class KnowledgeBase:
    corpus: Corpus
    texts: tuple[SourceText, ...]

    def text(self, act: str, lang: str) -> SourceText | None:
        return next((t for t in self.texts if t.key == (act, lang)), None)

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return tuple(d for t in self.texts for d in t.parsed.diagnostics)


def read_text(source: Source, lang: str) -> SourceText:
    """ingest → normalize → structure for one text file."""
    text_file = source.text(lang)
    assert text_file is not None
    normalized = normalize(decode(text_file.data, str(text_file.path)), doc=text_file.name)
    parsed = parse_structure(normalized.lines, lang, source.kind, str(text_file.path))
    return SourceText(source, lang, normalized, parsed)


def build(root: Path) -> KnowledgeBase:
    """ingest → structure (→ instructions → timelines → alignment → index → site: later stages)."""
    corpus = load_corpus(root)
    texts = tuple(read_text(source, t.lang) for source in corpus.all() for t in source.texts)
    return KnowledgeBase(corpus, texts)
