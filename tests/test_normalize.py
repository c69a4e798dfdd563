"""Tests of normbase.normalize: one test (or group) per guarantee G1–G12, then the seeds."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normbase.errata import ERRATA, Erratum, ErratumMismatch, apply_errata
from normbase.errors import InputError
from normbase.normalize import Line, decode, normalize, normalize_inline

ROOT = Path(__file__).resolve().parents[1]
KK_SEED = ROOT / "amendments/488-2015/000_25adfcbe3fa7ad9f.txt"
RU_SEED = ROOT / "corpus/583-2007/002_30b5a514a47d93be.txt"

LOOKALIKES = str.maketrans("aceopxyiABCEHIKMOPTXY", "асеорхуіАВСЕНІКМОРТХУ")


def texts(source: str, doc: str | None = None) -> list[str]:
    return [line.text for line in normalize(source, doc).lines]


def load(path: Path):
    return normalize(decode(path.read_bytes(), str(path)), path.name)


@pytest.fixture(scope="module")
def kk():
    return load(KK_SEED)


@pytest.fixture(scope="module")
def ru():
    return load(RU_SEED)


# ---------------------------------------------------------------- G1 characters


def test_g1_line_endings_become_lf_and_keep_source_numbers():
    result = normalize("один\r\nдва\rтри\nчетыре")
    assert [(line.text, line.source_line) for line in result.lines] == [
        ("один", 1), ("два", 2), ("три", 3), ("четыре", 4),
    ]


def test_g1_odd_spaces_invisible_characters_and_nfc():
    decomposed = "и\u0306"  # и + combining breve, NFC: й
    source = "\ufeffорга\u00adнизация\u00a0и\tработа\u2003над \u200b" + decomposed
    assert normalize(source).text == "организация и работа над й"
    assert unicodedata.is_normalized("NFC", normalize(source).text)


# ---------------------------------------------------------------- G2 errata


def test_g2_seed_errata_are_applied_on_their_lines(kk):
    assert kk.errata == tuple(e.name for e in ERRATA if e.doc == KK_SEED.name)
    by_line = {line.source_line: line.text for line in kk.lines}
    assert by_line[12] == "қарашадағы № 583 бұйрығына (Қазақстан Республикасының нормативтік құқықтық"
    assert by_line[64] == "бойынша білім беру ұйымының қызметі.»;"
    assert by_line[79] == "тамыздағы № 1080 қаулысымен бекітілген білім берудің тиісті деңгейлерінің"
    assert by_line[115] == "кеңестерді ұйымдастыру және өткізу;»;"


def test_g2_errata_apply_only_to_their_document():
    line = "бойынша б іл ім  беру  ұйымының қызмет і .» ;"
    assert normalize(line, "other.txt").errata == ()
    assert normalize(line).text == "бойынша б іл ім беру ұйымының қызмет і.»;"


def test_g2_erratum_whose_wrong_text_is_missing_raises():
    table = [Erratum("x", "doc.txt", 2, "wrong", "right", "a test defect")]
    assert apply_errata(["a", "a wrong b"], "dir/doc.txt", table) == (["a", "a right b"], ("x",))
    with pytest.raises(ErratumMismatch) as caught:
        apply_errata(["a", "a right b"], "doc.txt", table)
    assert caught.value.line == 2 and "doc.txt:2" in str(caught.value)
    with pytest.raises(ErratumMismatch):  # the line does not even exist
        normalize("short text", KK_SEED.name)


def test_g2_every_erratum_in_the_table_matches_its_seed():
    for erratum in ERRATA:
        (path,) = [p for p in ROOT.glob(f"*/*/{erratum.doc}")]
        raw = decode(path.read_bytes(), str(path)).split("\n")
        assert raw[erratum.line - 1].count(erratum.wrong) == 1, erratum.name
        assert erratum.defect and erratum.wrong != erratum.right


# ---------------------------------------------------------------- G3 lines


def test_g3_blank_and_whitespace_only_lines_are_dropped():
    source = "\n \nОб утверждении \n\n \t\n\n\n\nнаучно-методической работы \n\n"
    result = normalize(source)
    assert [(line.text, line.source_line) for line in result.lines] == [
        ("Об утверждении", 3), ("научно-методической работы", 9),
    ]


def test_g3_no_leading_trailing_or_double_spaces():
    assert texts("      тақырыбы мынадай редакцияда  жазылсын:  ") == ["тақырыбы мынадай редакцияда жазылсын:"]


# ---------------------------------------------------------------- G4 letter-spacing


@pytest.mark.parametrize(
    ("spaced", "joined"),
    [
        ("ж ү з е г е  а с ы р ы л а д ы", "жүзеге асырылады"),
        (": 5 - т а р м а қ т а", ":5-тармақта"),
        ("т у р а л ы » ;", "туралы»;"),
        ("10 - т а р м а қ", "10-тармақ"),
        ("ж о й ы л с ы н ;1 - т а р м а қ", "жойылсын;1-тармақ"),
        ("Б Ұ Й Ы Р А М Ы Н :", "БҰЙЫРАМЫН:"),
        ("ж ү з е г е  а с ы р у  :е р е ж е с і н д е", "жүзеге асыру :ережесінде"),
    ],
)
def test_g4_letter_spaced_words_are_joined(spaced, joined):
    assert normalize_inline(spaced) == joined


@pytest.mark.parametrize("real", ["работы и в организациях", "в 3 и 4 классах", "с 1 по 5", "и в с ним"])
def test_g4_one_letter_words_are_not_joined(real):
    assert normalize_inline(real) == real


# ---------------------------------------------------------------- G5 look-alikes


def test_g5_latin_lookalikes_in_cyrillic_words():
    assert normalize_inline("мемлекеттiк Әдiлет министрлiгiнде") == "мемлекеттік Әділет министрлігінде"
    assert normalize_inline("т i р к е л у і н ;") == "тіркелуін;"
    assert normalize_inline("Министр Cоветa") == "Министр Совета"


def test_g5_latin_words_stay_latin():
    latin = "Lesson Study, Microsoft, IT-технологии, Wi-Fi"
    assert normalize_inline(latin) == latin


# ---------------------------------------------------------------- G6 numbers


@pytest.mark.parametrize(
    ("source", "expected"),
    [("года N 5036.", "года № 5036."), ("N5036", "№ 5036"), ("№5036", "№ 5036"), ("№  16 (1416)", "№ 16 (1416)")],
)
def test_g6_number_sign(source, expected):
    assert normalize_inline(source) == expected


@pytest.mark.parametrize("source", ["ISBN 5", "N лет", "формула N.", "NATO 5"])
def test_g6_other_n_stays(source):
    assert normalize_inline(source) == source


def test_g6_lone_n_before_a_number_on_the_next_line():
    source = "от 29 ноября 2007 года N \n\n583. Зарегистрирован"
    assert texts(source) == ["от 29 ноября 2007 года №", "583. Зарегистрирован"]
    assert texts("категория N\nбез номера") == ["категория N", "без номера"]


# ---------------------------------------------------------------- G7 punctuation


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("туралы» ;", "туралы»;"),
        ("таралуына талдау  және  ұсынымдама жасау .", "таралуына талдау және ұсынымдама жасау."),
        ("работы  ПРИКАЗЫВАЮ :  ", "работы ПРИКАЗЫВАЮ:"),
        ("бөлімшелерде ( оқу-әдістемелік )", "бөлімшелерде (оқу-әдістемелік)"),
        ("« Заң газетінің »", "«Заң газетінің»"),
        ("асыру :ережесінде", "асыру :ережесінде"),  # glued to the next word: not a closing mark
    ],
)
def test_g7_spaces_around_punctuation(source, expected):
    assert normalize_inline(source) == expected


# ---------------------------------------------------------------- G8 split words


def test_g8_compound_hyphen_kept_from_vocabulary():
    source = "по учебно-методической и научно-\nметодической работе"
    assert texts(source) == ["по учебно-методической и научно-методической работе"]


def test_g8_soft_break_hyphen_dropped_from_vocabulary():
    assert texts("в организации\nсоздание органи-\nзации") == ["в организации", "создание организации"]


def test_g8_fallback_rules():
    assert texts("советами (научно-\nметодическими)") == ["советами (научно-методическими)"]  # о/е
    assert texts("органи-\nзации") == ["организации"]
    assert texts("оқу-\nәдістемелік") == ["оқу-әдістемелік"]  # Kazakh
    assert texts("PDF-\nфайл") == ["PDF-файл"]  # scripts differ


def test_g8_joined_line_keeps_first_source_line_and_indent():
    result = normalize("      1. Утвердить учебно-\n\nметодической и научно-\nметодической работы.\nДалее")
    assert result.lines == (
        Line("1. Утвердить учебно-методической и научно-методической работы.", 6, 1, 4),  # lines 1-4 joined
        Line("Далее", 0, 5),
    )


def test_g8_opening_bracket_at_line_end_joins_next_line():
    source = "құрылымдық бөлімшелерде (\nоқу-әдістемелік бөлімдерде) жүзеге"
    assert texts(source) == ["құрылымдық бөлімшелерде (оқу-әдістемелік бөлімдерде) жүзеге"]


def test_g8_no_join_before_uppercase_or_after_dash():
    assert texts("Республики -\nпункт\nучебно-\nМетодика") == ["Республики -", "пункт", "учебно-", "Методика"]


# ---------------------------------------------------------------- G9 labels


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("       мынадай редакцияда  жазылсын:1-тармақ", ["1-тармақ мынадай редакцияда жазылсын:"]),
        ("       ж о й ы л с ы н ;1 - т а р м а қ", ["1-тармақ жойылсын;"]),
        ("      :5 - т а р м а қ т а", ["5-тармақта:"]),
        ("      :  7 - т а р м а қ т а", ["7-тармақта:"]),
        ("      , , , ,  мынадай редакцияда жазылсын: 10 11 12 13 14-тармақтар",
         ["10, 11, 12, 13, 14-тармақтар мынадай редакцияда жазылсын:"]),
        ("      мынадай мазмұндағы жазылсын:7-1-тармақ", ["7-1-тармақ мынадай мазмұндағы жазылсын:"]),
        ("      мынадай редакцияда жазылсын: 5) тармақша", ["5) тармақша мынадай редакцияда жазылсын:"]),
        ("көрсетілген бұйрықпен\nж ү з е г е  а с ы р у  :е р е ж е с і н д е",
         ["көрсетілген бұйрықпен", "жүзеге асыру ережесінде:"]),
    ],
)
def test_g9_label_goes_in_front_of_its_clause(source, expected):
    assert texts(source) == expected


def test_g9_label_goes_to_the_paragraph_start():
    source = (
        "      «3. Құрылымдық бөлімшелердегі оқу-әдістемелік жұмысты ұйымдастыру тәртібі» \n"
        "деген  атауы мынадай редакцияда жазылсын:3-тараудың"
    )
    assert texts(source) == [
        "3-тараудың «3. Құрылымдық бөлімшелердегі оқу-әдістемелік жұмысты ұйымдастыру тәртібі»",
        "деген атауы мынадай редакцияда жазылсын:",
    ]
    source = (
        "      «2. Оқу-әдістемелік жұмыстың мазмұны» деген  атауы мынадай 2-тараудың\n"
        "р е д а к ц и я д а  ж а з ы л с ы н :"
    )
    assert texts(source) == [
        "2-тараудың «2. Оқу-әдістемелік жұмыстың мазмұны» деген атауы мынадай",
        "редакцияда жазылсын:",
    ]


def test_g9_labels_alone_stay():
    assert texts("1-тармақ\n2-тармақ 3-тармақ\n№ 5-тармақ") == ["1-тармақ", "2-тармақ 3-тармақ", "№ 5-тармақ"]


# ---------------------------------------------------------------- G10 provenance


def test_g10_source_line_and_indent_of_small_text():
    source = "\n\n   \tа с ы р у  қ а ғ и д а л а р ы н\n\n оқу-\nәдістемелік\r\n\u00a0соңы"
    assert normalize(source).lines == (
        Line("асыру қағидаларын", 4, 3),
        Line("оқу-әдістемелік", 1, 5, 6),
        Line("соңы", 1, 7),
    )


def test_g10_source_lines_increase_and_indent_is_the_source_indent(kk, ru):
    for result, path in ((kk, KK_SEED), (ru, RU_SEED)):
        raw = decode(path.read_bytes(), str(path)).split("\n")
        numbers = [line.source_line for line in result.lines]
        assert numbers == sorted(set(numbers))
        for line in result.lines:
            source = raw[line.source_line - 1]
            assert line.indent == len(source) - len(source.lstrip())


# ---------------------------------------------------------------- G11 words


def test_g11_words_are_neither_dropped_nor_duplicated():
    source = (
        "      «2. Оқу-әдістемелік жұмыстың мазмұны» деген  атауы мынадай 2-тараудың\n"
        "р е д а к ц и я д а  ж а з ы л с ы н :\nмемлекеттiк N5036 органи-\nзации"
    )
    joined = source.replace("органи-\nзации", "организации")
    expected = words("\n".join(fold_spacing(line) for line in joined.split("\n")))
    assert words(normalize(source).text) == expected


# ---------------------------------------------------------------- G12 totality and idempotence


@pytest.mark.parametrize(
    "source",
    ["(\r1-тармақ\x851-тармақ", "1-тармақ :5) тармақша", "1-тармақ :N :5", "ab- »N :5", "x (\n1-тармақ 2-тармақ\nb"],
)
def test_g12_idempotent_on_found_counterexamples(source):
    once = normalize(source).text
    assert normalize(once).text == once

FRAGMENTS = st.sampled_from(
    ["1-тармақ", "5) тармақша", "жазылсын:", ":", ";", " ", "  ", "\n", "      ", "-", "(", "«", "»", ".", ",",
     "N", "№", "5", "10", "и", "в", "а", "б", "x", "i", "мемлекет", "учебно-", "органи-", "зации", "тармақта",
     "2-тараудың", "ж", "ү", "\u0306", "\u00a0", "\r", "y", "Ab", "N :5", "ab- ", ":y", "1-тармақ-", ", "]
)
TEXTS = st.one_of(st.text(), st.lists(FRAGMENTS, max_size=40).map("".join))


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_g12_normalize_is_total_has_no_blank_line_and_is_idempotent(text):
    once = normalize(text)
    assert all(line.text and line.text == line.text.strip() and "  " not in line.text for line in once.lines)
    assert "\n\n" not in once.text
    assert normalize(once.text).text == once.text


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_g12_normalize_inline_is_total_and_idempotent(text):
    once = normalize_inline(text)
    assert "\n" not in once and "  " not in once and once == once.strip()
    assert normalize_inline(once) == once


# ---------------------------------------------------------------- decode


@pytest.mark.parametrize(
    "data",
    [
        "Приказ № 583".encode(),
        b"\xef\xbb\xbf" + "Приказ № 583".encode(),
        b"\xff\xfe" + "Приказ № 583".encode("utf-16-le"),
        b"\xfe\xff" + "Приказ № 583".encode("utf-16-be"),
        "Приказ № 583".encode("cp1251"),
    ],
)
def test_decode_accepts(data):
    assert decode(data, "a.txt") == "Приказ № 583"


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"", "empty file", None),
        (b" \n\t\n", "empty file", None),
        (b"\xef\xbb\xbf", "empty file", None),
        (b"text\n\x00\x01\x02", "binary file", 2),
        ("ok\nGrüße aus München".encode("latin-1"), "cannot decode: not UTF-8, UTF-16 with BOM or cp1251", 2),
        (b"\xff\xfe\x00\xd8", "cannot decode", 1),  # lone UTF-16 surrogate
    ],
)
def test_decode_refuses(data, message, line):
    with pytest.raises(InputError) as caught:
        decode(data, "bad.txt")
    assert message in str(caught.value) and caught.value.file == "bad.txt" and caught.value.line == line


# ---------------------------------------------------------------- the seeds

SPACED_RUN = re.compile(r"(?:^|(?<= ))(?:\S ){2,}\S(?= |$)")


def fold_spacing(line: str) -> str:
    """Test-local letter-spacing fold: a chunk (2+ spaces apart) of 3+ tokens of ≤2 characters is one word."""
    chunks = []
    for chunk in re.split(r" {2,}", line.strip()):
        tokens = chunk.split(" ")
        joinable = len(tokens) >= 3 and all(len(t) <= 2 for t in tokens[1:])
        chunks.append("".join(tokens) if joinable else chunk)
    return " ".join(chunks)


def source_lines(path: Path) -> list[str]:
    raw = decode(path.read_bytes(), str(path)).split("\n")
    return [fold_spacing(line) for line in apply_errata(raw, path.name)[0]]


def words(text: str) -> Counter[str]:
    text = re.sub(r"(?<!\w)N(?=\s*\d)", "№", text)
    return Counter(w.translate(LOOKALIKES).casefold() for w in re.findall(r"[^\W_]+", text))


@pytest.mark.parametrize("name", ["kk", "ru"])
def test_seed_no_letter_spacing_lookalike_blank_or_hanging_hyphen(name, request):
    result = request.getfixturevalue(name)
    for line in result.lines:
        assert line.text and not SPACED_RUN.search(line.text), line
        for word in re.findall(r"[^\W\d_]+", line.text):
            assert not (re.search("[a-zA-Z]", word) and re.search("[а-яәғқңөұүһі]", word, re.I)), word
        assert not re.search(r"[^\W\d_]-$", line.text), line


def test_seed_ru_point_13_subpoint_2_is_one_joined_line(ru):
    expected = (
        "2) экспертиза нормативных правовых документов по учебно-методической и научно-методической работе "
        "и рекомендация их для рассмотрения методическими (научно-методическими, научно-техническими) советами;"
    )
    found = [(line.text, line.source_line) for line in ru.lines if line.text.startswith("2) экспертиза")]
    assert found == [(expected, 153)]


def test_seed_ru_header_keeps_583_at_a_line_start(ru):
    header = [line.text for line in ru.lines[:5]]
    assert header[2].endswith("от 29 ноября 2007 года №")
    assert header[3].startswith("583. Зарегистрирован") and header[4] == "года № 5036."


def test_seed_kk_rule_9_lines(kk):
    by_line = {line.source_line: line.text for line in kk.lines}
    assert by_line[19] == "1-тармақ мынадай редакцияда жазылсын:"
    assert by_line[27] == "1-тармақ жойылсын;"
    assert by_line[71] == "5-тармақта:"
    assert by_line[88] == "7-тармақта:"
    assert by_line[23] == "жүзеге асыру ережесінде:"
    assert by_line[190] == "10, 11, 12, 13, 14-тармақтар мынадай редакцияда жазылсын:"
    assert by_line[85] == "2-тараудың «2. Оқу-әдістемелік жұмыстың мазмұны» деген атауы мынадай"
    assert by_line[86] == "редакцияда жазылсын:"
    assert by_line[186] == "3-тараудың «3. Құрылымдық бөлімшелердегі оқу-әдістемелік жұмысты ұйымдастыру тәртібі»"
    assert by_line[187] == "деген атауы мынадай редакцияда жазылсын:"
    assert by_line[238] == "4-тараудың «4. Оқу-әдістемелік жұмыс жөніндегі бірлестіктер» деген атауы"
    assert by_line[239] == "мынадай редакцияда жазылсын:"
    assert by_line[198].endswith(
        "бөлімшелерде (оқу-әдістемелік бөлімдерде, басқармаларда, орталықтарда, кабинеттерде) жүзеге"
    )


LEADING_LABEL = re.compile(
    r"^(?:\d+(?:-\d+)*,? )*\d+(?:-\d+)*-(?:тармақтар|тармақта|тармақ|тараудың)\b|^\d+\) тармақша\b"
)


def alnum(text: str) -> str:
    text = re.sub(r"(?<!\w)N(?=\s*\d)", "", text)
    return "".join(re.findall(r"[^\W_]", text.translate(LOOKALIKES).casefold()))


@pytest.mark.parametrize(("name", "path"), [("kk", KK_SEED), ("ru", RU_SEED)])
def test_seed_source_line_holds_the_start_of_the_text(name, path, request):
    sources = source_lines(path)
    for line in request.getfixturevalue(name).lines:
        source = alnum(sources[line.source_line - 1])
        label = LEADING_LABEL.match(line.text)
        rest = line.text[label.end() :] if label else line.text
        start = alnum(rest)[:15]
        assert start and start in source or not start and alnum(label.group()) in source, line


@pytest.mark.parametrize(("name", "path"), [("kk", KK_SEED), ("ru", RU_SEED)])
def test_seed_words_are_preserved(name, path, request):
    assert words(request.getfixturevalue(name).text) == words("\n".join(source_lines(path)))
