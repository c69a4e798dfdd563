"""The query syntax, documented and tested (issue 13, item 8): words, "phrases", -word, OR;
the rest taken literally, with a one-line note of how an unsupported operator was read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT
from safety_helpers import ok, safety_template  # noqa: F401 — safety_template: a fixture

from normbase.search.query import reading_notes


@pytest.fixture
def project(safety_template) -> Path:
    return safety_template      # read commands only


def hits(project: Path, query: str) -> set[str]:
    return {f"{h['address']} [{h['lang']}]" for h in json.loads(ok(project, "search", query, "--limit", "100", "--json").stdout)}


def test_an_unsupported_operator_gets_a_note_of_how_it_was_read(project):
    result = ok(project, "search", "методические NOT советы")
    notes = [line for line in result.stderr.splitlines() if line.startswith("normbase: note: ")]
    assert len(notes) == 1 and "NOT is not an operator" in notes[0] and "-word" in notes[0], result.stderr
    assert ok(project, "search", "методические советы").stderr == ""      # the documented syntax: no note


def test_words_phrases_exclusion_and_or(project):
    both = hits(project, "методическими советами")
    assert both and both <= hits(project, "методическими") & hits(project, "советами")
    assert hits(project, '"методическими советами"') <= both
    excluded = hits(project, "методическими -советами")
    assert excluded and not excluded & both
    assert hits(project, "методическими OR советами") >= hits(project, "методическими") | hits(project, "советами")


@pytest.mark.parametrize(("query", "words"), [
    ("методические NOT советы", "NOT is not an operator"), ("+методические", "+ is not an operator"),
    ("метод*", "* is not an operator"), ("text:советы", "field:value"), ("a || b", "write OR"),
    ("методические or советы", "write OR"),
])
def test_reading_notes(query, words):
    notes = reading_notes(query)
    assert len(notes) == 1 and words in notes[0], notes


@pytest.mark.parametrize("query", ["методические советы", '"методические советы"', "a -b", "a OR b", "(a OR b) c",
                                   "№ 488", "7-1"])
def test_no_note_for_the_documented_syntax(query):
    assert reading_notes(query) == []


def test_the_syntax_is_in_the_help_and_the_readme(project):
    help_text = ok(project, "search", "--help").stdout
    for part in ('"a phrase"', "-word", "OR", "taken literally", "16 levels", "1,000 characters"):
        assert part in help_text, part
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Query syntax" in readme and "taken literally" in readme
