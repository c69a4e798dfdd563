"""The CLI driven with random arguments on random small corpora finds no traceback (issue 13,
item 5): every run ends in exit 0, 1 (``build --strict``) or 2 with a message — never an
uncaught exception. The corpora are synthetic (made-up lines in the shape of legal text, and
random metadata: dates far outside the bounds, odd ids, wrong sha256)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import traceback
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normbase.cli import main

LINES = [   # synthetic
    "ПРИКАЗ", "Об утверждении Правил проведения испытаний", "1. Утвердить прилагаемые Правила.",
    "2. Настоящий приказ вводится в действие после дня его первого официального опубликования.",
    "Утверждены приказом", "Правила проведения испытаний", "Глава 1. Общие положения",
    "1. Настоящие Правила определяют порядок.", "2) подпункт второй;", "7-1. Вставленный пункт.",
    "1. В приказе внести следующие изменения:", "пункт 1 изложить в следующей редакции: «1. Новый текст.»",
    "слова «порядок» заменить словами «правила»", "Сноска. Пункт 1 с изменением, внесенным приказом от 01.01.2016 № 1.",
    "1. Осы Қағидалар тәртібін айқындайды.", "Ескерту. 1-тармақ өзгертілді.", "\x1b[31mкрасный\x1b[0m", "(" * 40,
]
WEIRD = st.text(alphabet=st.sampled_from(list("аәбв 0123456789.-()«»\"'*:+/\\\x1b\x07\t№NOTOR")), max_size=30)
DATES = st.one_of(st.dates(date(1, 1, 1), date(9999, 12, 31)).map(str),
                  st.sampled_from(['"unknown"', '"2015-02-30"', '"soon"', "2015-08-25", "9999-12-31"]))


def toml_str(text: str) -> str:
    return json.dumps(text)          # a JSON string is a TOML basic string


@st.composite
def sources(draw, kind: str, ident: str, amends: str | None) -> tuple[str, dict[str, bytes]]:
    body = "\n".join(draw(st.lists(st.one_of(st.sampled_from(LINES), WEIRD), max_size=8))).encode("utf-8")
    if not draw(st.integers(0, 5)):
        body = draw(st.binary(max_size=40))
    texts = []
    files = {}
    if draw(st.integers(0, 3)):
        digest = hashlib.sha256(body).hexdigest() if draw(st.integers(0, 4)) else "0" * 64   # mostly right
        texts.append(f'[[texts]]\nfile = "t.txt"\nlang = {toml_str(draw(st.sampled_from(["ru", "kk", "en"])))}\n'
                     f'sha256 = "{digest}"\n')
        files["t.txt"] = body
    year = ident.rsplit("-", 1)[-1]
    good = f"{year}-05-01" if year.isdigit() and len(year) == 4 else "2015-05-01"
    day = st.one_of(st.just(good), st.just(good), st.just('"unknown"'), DATES)    # mostly a good one
    meta = [f"id = {toml_str(ident)}", f"number = {toml_str(ident.split('-')[0])}", f"kind = {toml_str(kind)}",
            "title = {}", "issuer = {}", f"signed = {draw(day)}", f"published = {draw(day)}",
            f"registered = {draw(day)}"]
    if amends:
        meta += [f"amends = {toml_str(amends)}",
                 f"entry_into_force = {toml_str(draw(st.sampled_from(['after_publication', 'from_signing', 'unknown', 'x'])))}"]
    if not texts:
        meta += ['known_from = "a footnote"', "texts = []"]
    files["meta.toml"] = ("\n".join(meta) + "\n" + "\n".join(texts)).encode("utf-8")
    return ident, files


IDS = st.one_of(st.sampled_from(["583-2007", "1-2020", "12-2015"]), st.sampled_from(["583-2007", "1-2020"]),
                st.sampled_from(["x", "7" * 70 + "-2007", "5-1899"]), WEIRD)


def folder_name(ident: str) -> str:
    ok = ident and "/" not in ident and "\\" not in ident and ident not in (".", "..") and len(ident) < 100
    return ident if ok and not any(ord(c) < 32 for c in ident) else "folder"


COMMANDS = st.sampled_from(["build", "show", "history", "diff", "outline", "check", "instructions", "align", "search",
                            "site", "build --strict"])


@st.composite
def arguments(draw, act: str) -> list[str]:
    command = draw(COMMANDS).split()
    word = st.one_of(st.just(act), st.sampled_from(["583", "rules.p1", "order.p1", "p. 7 пп. 2", "7.5"]), WEIRD)
    args = list(command)
    if command[0] in ("show", "history"):
        args += [draw(word), draw(word)]
    elif command[0] in ("diff", "outline", "instructions", "align", "search"):
        args.append(draw(word))
    if command[0] in ("show", "align", "search") and draw(st.booleans()):
        args += ["--on", draw(st.one_of(DATES, WEIRD)).strip('"')]
    if command[0] == "diff":
        args += ["--from", draw(DATES).strip('"'), "--to", draw(DATES).strip('"')]
    if command[0] not in ("build", "site") and draw(st.booleans()):
        args.append("--json")
    return args


EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))     # a longer session: FUZZ_EXAMPLES=400 (passed, 31 s)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_the_cli_on_random_corpora_and_arguments_never_shows_a_traceback(data):
    act_id = data.draw(IDS)
    act = data.draw(sources(data.draw(st.sampled_from(["original", "consolidated", "consolidated", "amending"])), act_id, None))
    order = data.draw(st.one_of(st.none(), sources("amending", "9-2016", act_id)))
    runs = data.draw(st.lists(arguments(act_id), min_size=1, max_size=3))
    with tempfile.TemporaryDirectory(prefix="normbase-fuzz-") as tmp:
        root = Path(tmp)
        for sub, source in (("corpus", act), ("amendments", order)):
            (root / sub).mkdir()
            if source:
                folder = root / sub / folder_name(source[0])
                folder.mkdir()
                for name, payload in source[1].items():
                    (folder / name).write_bytes(payload)
        shutil.copytree(ROOT / "site", root / "site")
        for args in runs:
            if args[0] == "site":
                args += ["--out", str(root / "published")]
            result = CliRunner().invoke(main, ["--root", str(root), "--out", str(root / "out"), *args])
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                args, "".join(traceback.format_exception(result.exception)))
            assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
            assert "Traceback" not in result.output, (args, result.output)
