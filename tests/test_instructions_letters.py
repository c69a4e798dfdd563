"""Subpoints numbered by letters, end to end on a small synthetic project (made-up legal text written
here, marked synthetic; the meta.toml files say so in their ``note``): a law whose article 2 numbers
the subpoints of its part two by letters, and an amending law that — as the real 7490 does — puts a
semicolon after words in subpoint г), deletes words there and adds subpoint д) after it. The
wording of every unit is the fold's, and д) comes after г) in document order.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from normbase.pipeline import build
from normbase.query import answer

pytestmark = pytest.mark.synthetic

MARK = "SYNTHETIC TEXT (synthetic test fixture for tests/test_instructions_letters.py; not an official text)\n\n"
TEXTS = {
    ("law", "ru"): MARK + """# О синтетических проверках

Статья 1. Проверки проводятся ежегодно.

Статья 2. Лица, подлежащие проверке

Проверке подлежат организации.

Проверке подлежат также лица, в отношении которых:

а) поступило обращение;

б) истек срок отчета;

в) вынесено предписание;

г) принято решение по итогам проверки в установленном порядке.

Статья 3. Срок проверки составляет 15 дней.
""",
    ("law", "kk"): MARK + """# Синтетикалық тексерулер туралы

1-бап. Тексерулер жыл сайын жүргізіледі.

2-бап. Тексерілуге жататын тұлғалар

Тексерілуге ұйымдар жатады.

Тексерілуге мынадай тұлғалар да жатады:

а) өтініш түскен;

б) есеп мерзімі өткен;

в) нұсқама шығарылған;

г) тексеру қорытындысы бойынша шешім белгіленген тәртіппен қабылданған.

3-бап. Тексеру мерзімі 15 күн.
""",
    ("amending", "ru"): MARK + """# О внесении дополнения в Закон Республики Казахстан "О синтетических проверках"

Статья 1. Внести в Закон Республики Казахстан от 10 марта 2010 года № 11-IV "О синтетических проверках" следующие изменения:

в подпункте г) части второй статьи 2 после слов "по итогам проверки" поставить точку с запятой, слова "в установленном порядке" исключить и дополнить подпунктом д) следующего содержания:

"д) поступило представление прокурора.".

Статья 2. Настоящий Закон вводится в действие со дня его первого официального опубликования.
""",
    ("amending", "kk"): MARK + """# "Синтетикалық тексерулер туралы" Қазақстан Республикасының Заңына толықтыру енгізу туралы

1-бап. "Синтетикалық тексерулер туралы" 2010 жылғы 10 наурыздағы № 11-IV Қазақстан Республикасының Заңына мынадай өзгерістер енгізілсін:

2-баптың екінші бөлігінің г) тармақшасындағы "тексеру қорытындысы бойынша" деген сөздерден кейін нүктелі үтір қойылып, "шешім белгіленген тәртіппен қабылданған" деген сөздер алып тасталсын және мынадай мазмұндағы д) тармақшасымен толықтырылсын:

"д) прокурордың ұсынуы түскен.".

2-бап. Осы Заң алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі.
""",
}


def _source(root: Path, where: str, sid: str, number: str, kind: str, stem: str, signed: str, **keys: str) -> None:
    folder = root / where / sid
    folder.mkdir(parents=True)
    rows = [f'id = "{sid}"', f'number = "{number}"', f'kind = "{kind}"', "title = {}", "issuer = {}",
            f"signed = {signed}", f"published = {signed}", *(f"{k} = {v}" for k, v in keys.items()),
            'note = "synthetic: written by tests/test_instructions_letters.py, not an official act"']
    for lang in ("ru", "kk"):
        data = TEXTS[stem, lang].encode("utf-8")
        (folder / f"{lang}.md").write_bytes(data)
        rows += ["", "[[texts]]", f'file = "{lang}.md"', f'lang = "{lang}"',
                 f'sha256 = "{hashlib.sha256(data).hexdigest()}"']
    (folder / "meta.toml").write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("letters")
    shutil.copytree(Path(__file__).resolve().parents[1] / "site", root / "site")
    _source(root, "corpus", "11-IV-2010", "11-IV", "original", "law", "2010-03-10")
    _source(root, "amendments", "44-IV-2012", "44-IV", "amending", "amending", "2012-05-02",
            amends='"11-IV-2010"', entry_into_force='"from_signing"')
    return build(root)


def now(kb, address: str, lang: str) -> str | None:
    h = kb.history("11-IV-2010")
    timeline = h.timeline(address, lang)
    assert timeline is not None, (address, lang)
    return answer(timeline, None, h.start).text


@pytest.mark.parametrize("lang,g,deleted,d", [
    ("ru", "г) принято решение по итогам проверки;", "в установленном порядке", "д) поступило представление прокурора."),
    ("kk", "г) тексеру қорытындысы бойынша;", "шешім белгіленген", "д) прокурордың ұсынуы түскен."),
])
def test_letter_subpoints_amended_and_inserted(kb, lang, g, deleted, d):
    # the semicolon is put and the words deleted; the unit's final dot is not touched by either
    # clause (the fold keeps it: «…проверки;.»)
    assert now(kb, "art2.part2.spg", lang).startswith(g) and deleted not in now(kb, "art2.part2.spg", lang)
    assert now(kb, "art2.part2.spd", lang) == d
    h = kb.history("11-IV-2010")
    [event] = h.orders
    assert {i.target for i in event.instructions} == {"art2.part2.spg", "art2.part2.spd"}
    units = list(h.below("art2.part2"))
    assert units == ["art2.part2.spa", "art2.part2.spb", "art2.part2.spv", "art2.part2.spg", "art2.part2.spd"]


def test_a_letter_subpoint_is_shown_with_its_letter(kb):
    from normbase.address import resolve_in
    from normbase.units import label_of

    units = kb.history("11-IV-2010").below("art2")
    assert label_of("art2.part2.spd") == "д)" and label_of("art2.spzh") == "ж)"
    assert resolve_in("подпункт д) части второй статьи 2", units) == "art2.part2.spd"
    assert resolve_in("2-баптың екінші бөлігінің г) тармақшасы", units) == "art2.part2.spg"
