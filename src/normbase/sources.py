"""Ingest: find the acts and orders on disk and read their metadata.

reads: ``corpus/<act>/meta.toml`` and ``amendments/<order>/meta.toml`` with the text
files they name; writes: ``Source`` values (metadata + raw bytes), nothing on disk.

Strict: a missing or unknown key, a value of the wrong type, an impossible date, dates
in an impossible order, a text file that is missing or whose sha256 differs from the one
recorded, an order amending an act that is not in the corpus, or two sources with the
same id are each an ``InputError`` naming the file (and key). Unknown dates are written
``"unknown"``, never invented.

Inputs stay inside the project: a symbolic link anywhere in ``corpus/`` or ``amendments/``
(file or folder, or either folder itself), a path that resolves outside its folder, a file
with hard links outside those folders (its link count is more than the links to it found
inside), an id longer than ``MAX_ID_LENGTH`` or a file name longer than ``MAX_NAME_LENGTH``,
and a file that cannot be read (permissions) are each an ``InputError`` — checked before a
byte of the file is read, so no sha256 of a file outside is ever printed.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from normbase.address import ActId, parse_act_id
from normbase.dates import MAX_DATE, MIN_DATE, RuleKind, in_bounds
from normbase.errors import InputError, UsageError

LANGS = ("kk", "ru")
SOURCE_KINDS = ("original", "amending", "consolidated")
UNKNOWN = "unknown"

# key -> (required, accepted python types, description)
_KEYS: dict[str, tuple[bool, tuple[type, ...], str]] = {
    "id": (True, (str,), "NUMBER-YEAR of the act or order, e.g. 583-2007"),
    "number": (True, (str,), "the official number as a string"),
    "kind": (True, (str,), "original | amending | consolidated"),
    "title": (True, (dict,), "title per language: title.ru / title.kk"),
    "issuer": (True, (dict,), "issuing body per language"),
    "signed": (True, (date, str), 'date of signing, or "unknown"'),
    "registered": (False, (date, str), 'date of state registration, or "unknown"'),
    "registration_number": (False, (str,), "number in the register of normative legal acts"),
    "published": (True, (date, str), 'date of first official publication, or "unknown"'),
    "amends": (
        False,
        (str, list),
        "for an amending order: the id of the act it amends, or a list of ids (an act amending several acts)",
    ),
    "entry_into_force": (
        False,
        (str,),
        "after_publication | ten_days_after_publication | from_publication | from_signing | unknown",
    ),
    "entry_into_force_text": (False, (str,), "the entry-into-force rule as stated in the source"),
    "snapshot_as_of": (False, (date, str), 'consolidated text: the date it is current at, or "unknown"'),
    "known_from": (False, (str,), "where the knowledge of this source comes from when its text is absent"),
    "note": (False, (str,), "free text: what the source is and what is missing"),
    "texts": (True, (list,), "the text files: [[texts]] file, lang, sha256"),
}
_TEXT_KEYS: dict[str, type | tuple[type, ...]] = {
    "file": str,
    "lang": str,
    "sha256": str,
    "note": str,
    "as_of": (str, date),
}
MAX_ID_LENGTH = 64  # characters of an act's id (its folder's name)
MAX_NAME_LENGTH = 128  # characters of a text file's name


@dataclass(frozen=True)
class TextFile:
    path: Path
    lang: str
    sha256: str
    data: bytes = field(repr=False, compare=False)
    as_of: date | None = None  # a consolidated text: the date it is current at (None: unknown)

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Source:
    """One act or amending order with its metadata and text files (possibly none)."""

    id: ActId
    kind: str
    folder: Path
    meta_file: Path
    title: dict[str, str]
    issuer: dict[str, str]
    signed: date | None
    registered: date | None
    registration_number: str | None
    published: date | None
    amends: ActId | None
    entry_into_force: str | None
    entry_into_force_text: str | None
    snapshot_as_of: date | None
    known_from: str | None
    note: str
    texts: tuple[TextFile, ...]  # one per language; of a consolidated act, its latest text
    states: tuple[TextFile, ...] = ()  # a consolidated act's earlier texts (``as_of`` each), oldest first
    amends_all: tuple[ActId, ...] = ()  # every act an amending order amends (``amends`` is the first)
    number: str | None = None  # the official number as meta.toml states it (a clause's routing reads it)

    def text(self, lang: str) -> TextFile | None:
        return next((t for t in self.texts if t.lang == lang), None)

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(t.lang for t in self.texts)


@dataclass(frozen=True)
class Corpus:
    acts: tuple[Source, ...]
    orders: tuple[Source, ...]
    # indexes built once, so that a look-up never scans every source
    _by_id: dict = field(init=False, repr=False, compare=False)
    _orders_of: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[ActId, Source] = {}
        for s in self.acts + self.orders:
            by_id.setdefault(s.id, s)
        orders_of: dict[ActId | None, list[Source]] = {}  # an order's amends is checked on load
        for o in self.orders:
            for amended in o.amends_all or (o.amends,):
                orders_of.setdefault(amended, []).append(o)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_orders_of", {k: tuple(v) for k, v in orders_of.items()})

    def all(self) -> tuple[Source, ...]:
        return self.acts + self.orders

    def get(self, act: ActId) -> Source:
        if act in self._by_id:
            return self._by_id[act]
        raise UsageError(f"unknown act or order {act}")

    def orders_for(self, act: ActId) -> tuple[Source, ...]:
        return self._orders_of.get(act, ())

    @property
    def ids(self) -> tuple[ActId, ...]:
        return tuple(s.id for s in self.all())


def _date(value: object, meta: Path, key: str) -> date | None:
    if isinstance(value, date):
        if not in_bounds(value):
            raise InputError(
                f"key {key!r}: {value} is outside the dates normbase accepts ({MIN_DATE} … {MAX_DATE})",
                meta,
                _line_of(meta, key),
            )
        return value
    if value == UNKNOWN:
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return _date(date.fromisoformat(value), meta, key)
        except ValueError:
            raise InputError(f"key {key!r}: impossible date {value!r}", meta, _line_of(meta, key)) from None
    raise InputError(
        f'key {key!r}: expected a date (YYYY-MM-DD) or "unknown", got {value!r}', meta, _line_of(meta, key)
    )


def _line_of(meta: Path, key: str) -> int | None:
    try:
        for i, line in enumerate(meta.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(rf"\s*{re.escape(key)}\s*[=.]", line):
                return i
    except (OSError, UnicodeDecodeError):
        pass
    return None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror or e}", path) from None


def _inside(path: Path, base: Path, links: dict | None) -> None:
    """Refuse ``path`` unless it is a regular file of ``base`` itself: not a symbolic link, not
    resolving outside, no hard link outside the inputs (``links``: (dev, inode) → links inside)."""
    if path.is_symlink():
        raise InputError("is a symbolic link: normbase reads only files inside the project", path)
    try:
        st = path.stat()
    except OSError as e:
        raise InputError(f"cannot read the file: {e.strerror or e}", path) from None
    # (with ``links``, ``input_links`` has walked the inputs and found no symbolic link: a plain
    # name in ``base`` cannot resolve outside it, and the two resolve calls are spared)
    if links is None and not path.resolve().is_relative_to(base.resolve()):
        raise InputError("resolves outside its folder: normbase reads only files inside the project", path)
    if links is not None and st.st_nlink > links.get((st.st_dev, st.st_ino), 1):
        raise InputError(
            f"has {st.st_nlink} hard links, some outside corpus/ and amendments/: "
            "normbase reads only files inside the project (copy the file instead)",
            path,
        )


def project_name(source: Source, text_file: TextFile) -> str:
    """How the knowledge base names a text file: from the project folder
    (``amendments/488-2015/kk.txt``), so that what is built from it (the store, the exports, the
    site, the stage cache) does not depend on where the project lies or on how ``--root`` was
    written. A file outside the project (never read by ``load_corpus``) keeps its path."""
    root = source.folder.parent.parent  # <root>/<corpus|amendments>/<id>/
    try:
        return text_file.path.relative_to(root).as_posix()
    except ValueError:
        return str(text_file.path)


def input_links(root: Path) -> dict:
    """(device, inode) → how many names it has inside ``corpus/`` and ``amendments/``;
    ``InputError`` on the first symbolic link found there."""
    counts: dict = {}
    for sub in ("corpus", "amendments"):
        top = root / sub
        if top.is_symlink():
            raise InputError(f"{sub}/ is a symbolic link: normbase reads only files inside the project", top)
        for base, dirs, names in os.walk(top):
            for name in dirs + names:
                path = os.path.join(base, name)
                st = os.lstat(path)
                if os.path.islink(path):
                    raise InputError("is a symbolic link: normbase reads only files inside the project", path)
                if name in names:
                    counts[(st.st_dev, st.st_ino)] = counts.get((st.st_dev, st.st_ino), 0) + 1
    return counts


def load_source(
    folder: Path,
    expected_kinds: tuple[str, ...],
    links: dict | None = None,
    tomls: MutableMapping[str, dict] | None = None,
) -> Source:
    """``folder``'s source; ``tomls``: {sha256 of a meta.toml: what it parses to}, consulted
    and added to (parsing is a pure function of the bytes: a rebuild need not parse again)."""
    meta = folder / "meta.toml"
    if folder.is_symlink():
        raise InputError("is a symbolic link: normbase reads only files inside the project", folder)
    if not meta.is_file() and not meta.is_symlink():
        raise InputError("missing metadata file meta.toml (see README, 'Adding an act')", meta)
    _inside(meta, folder, links)
    try:
        data = _read(meta)
        key = hashlib.sha256(data).hexdigest() if tomls is not None else ""
        raw = tomls.get(key) if tomls is not None else None
        if raw is None:
            raw = tomllib.loads(data.decode("utf-8"))
        if tomls is not None:
            tomls[key] = raw  # (a ChainMap's first map: what this build used)
        raw = dict(raw)  # (the memo's own stays as parsed)
    except UnicodeDecodeError:
        raise InputError("metadata is not UTF-8", meta) from None
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        raise InputError(f"bad TOML: {e}", meta, int(m.group(1)) if m else None) from None

    for key in raw:
        if key not in _KEYS:
            raise InputError(f"unknown key {key!r} (known: {', '.join(_KEYS)})", meta, _line_of(meta, key))
    for key, (required, types, what) in _KEYS.items():
        if key not in raw:
            if required:
                raise InputError(f"missing key {key!r}: {what}", meta)
            continue
        if not isinstance(raw[key], types) or (isinstance(raw[key], bool)):
            raise InputError(f"key {key!r}: expected {what}, got {raw[key]!r}", meta, _line_of(meta, key))

    def check(cond: bool, key: str, msg: str) -> None:
        if not cond:
            raise InputError(f"key {key!r}: {msg}", meta, _line_of(meta, key))

    check(len(raw["id"]) <= MAX_ID_LENGTH, "id", f"longer than {MAX_ID_LENGTH} characters")
    try:
        act = parse_act_id(raw["id"])
    except UsageError as e:
        raise InputError(f"key 'id': {e}", meta, _line_of(meta, "id")) from None
    check(act.full_number == raw["number"], "number", f"{raw['number']!r} does not match id {raw['id']!r}")
    check(folder.name == raw["id"], "id", f"{raw['id']!r} does not match the folder name {folder.name!r}")
    check(
        raw["kind"] in expected_kinds,
        "kind",
        f"{raw['kind']!r} not allowed here (expected {' | '.join(expected_kinds)})",
    )
    for key in ("title", "issuer"):
        check(
            all(k in LANGS and isinstance(v, str) for k, v in raw[key].items()),
            key,
            "expected kk / ru strings",
        )

    signed = _date(raw["signed"], meta, "signed")
    registered = _date(raw.get("registered", UNKNOWN), meta, "registered")
    published = _date(raw["published"], meta, "published")
    snapshot = _date(raw.get("snapshot_as_of", UNKNOWN), meta, "snapshot_as_of")
    if signed and signed.year != act.year:
        check(False, "signed", f"{signed} is not in the year of id {act}")
    if signed and registered and registered < signed:
        check(False, "registered", f"registered {registered} before signed {signed}")
    for before, name in ((signed, "signed"), (registered, "registered")):
        if before and published and published < before:
            check(False, "published", f"published {published} before {name} {before}")

    amends: ActId | None = None
    amends_all: tuple[ActId, ...] = ()
    if raw["kind"] == "amending":
        check("amends" in raw, "amends", "an amending order must say which act it amends")
        listed = raw["amends"] if isinstance(raw["amends"], list) else [raw["amends"]]
        check(
            bool(listed) and all(isinstance(a, str) for a in listed),
            "amends",
            "a list of act ids must hold at least one id, each a string",
        )
        try:
            amends_all = tuple(dict.fromkeys(parse_act_id(a) for a in listed))
        except UsageError as e:
            raise InputError(f"key 'amends': {e}", meta, _line_of(meta, "amends")) from None
        amends = amends_all[0]
        rule = raw.get("entry_into_force", UNKNOWN)
        allowed = [k.value for k in RuleKind] + [UNKNOWN]
        check(rule in allowed, "entry_into_force", f"{rule!r} is not one of {', '.join(allowed)}")

    texts = []
    for i, t in enumerate(raw["texts"]):
        check(isinstance(t, dict), "texts", f"entry {i + 1} is not a table")
        for k, v in t.items():
            check(k in _TEXT_KEYS, "texts", f"entry {i + 1}: unknown key {k!r}")
            check(
                isinstance(v, _TEXT_KEYS[k]),
                "texts",
                f"entry {i + 1}: key {k!r} must be a " + ('date or "unknown"' if k == "as_of" else "string"),
            )
        for k in ("file", "lang", "sha256"):
            check(k in t, "texts", f"entry {i + 1}: missing key {k!r}")
        check(t["lang"] in LANGS, "texts", f"entry {i + 1}: lang {t['lang']!r} is not kk or ru")
        name = t["file"]
        check(
            "/" not in name and "\\" not in name and ".." not in name,
            "texts",
            f"entry {i + 1}: file {name!r} must be a plain name in the folder",
        )
        check(
            len(name) <= MAX_NAME_LENGTH and "\0" not in name,
            "texts",
            f"entry {i + 1}: file name longer than {MAX_NAME_LENGTH} characters",
        )
        path = folder / name
        if not path.is_file() and not path.is_symlink():
            raise InputError(
                f"text file {name!r} named in meta.toml is missing", meta, _line_of(meta, "file")
            )
        _inside(path, folder, links)
        data = _read(path)
        digest = hashlib.sha256(data).hexdigest()
        if digest != t["sha256"]:
            raise InputError(
                f"sha256 {digest} differs from the recorded {t['sha256']} — the source changed; "
                "re-check it and update meta.toml",
                path,
            )
        as_of = _date(t.get("as_of", snapshot or UNKNOWN), meta, "as_of")
        texts.append(TextFile(path, t["lang"], digest, data, as_of))
    texts, states = _latest_texts(texts, raw["kind"], check)
    if not texts:
        check("known_from" in raw, "known_from", "a source without a text must say where it is known from")

    return Source(
        id=act,
        kind=raw["kind"],
        folder=folder,
        meta_file=meta,
        title=dict(raw["title"]),
        issuer=dict(raw["issuer"]),
        signed=signed,
        registered=registered,
        registration_number=raw.get("registration_number"),
        published=published,
        amends=amends,
        entry_into_force=raw.get("entry_into_force"),
        entry_into_force_text=raw.get("entry_into_force_text"),
        snapshot_as_of=snapshot,
        known_from=raw.get("known_from"),
        note=raw.get("note", ""),
        texts=tuple(texts),
        states=tuple(states),
        amends_all=amends_all,
        number=raw.get("number"),
    )


def _latest_texts(texts: list[TextFile], kind: str, check) -> tuple[list[TextFile], list[TextFile]]:
    """(one text per language, the earlier consolidated texts). Only a consolidated act may hold
    several texts of one language, each with its own ``as_of`` date: the latest is its text, the
    others its earlier states (oldest first)."""
    by_lang: dict[str, list[TextFile]] = {}
    for t in texts:
        by_lang.setdefault(t.lang, []).append(t)
    latest, states = [], []
    for lang, group in by_lang.items():
        if len(group) > 1:
            check(
                kind == "consolidated",
                "texts",
                f"two text files in the same language ({lang}): only a "
                "consolidated act holds several, each with its own as_of date",
            )
            dates = [t.as_of for t in group]
            check(
                None not in dates and len(set(dates)) == len(dates),
                "texts",
                f"several {lang} texts: each needs its own as_of date (YYYY-MM-DD)",
            )
            group = sorted(group, key=lambda t: t.as_of or date.min)  # None was refused above
        latest.append(group[-1])
        states += group[:-1]
    order = {id(t): n for n, t in enumerate(texts)}
    return sorted(latest, key=lambda t: order[id(t)]), sorted(states, key=lambda t: (t.as_of, t.lang))


def load_corpus(root: Path, tomls: MutableMapping[str, dict] | None = None) -> Corpus:
    """Read ``root/corpus`` and ``root/amendments``; every folder in them is one source
    (``tomls``: the parsed metadata memo ``load_source`` takes)."""
    acts: list[Source] = []
    orders: list[Source] = []
    for sub in ("corpus", "amendments"):
        if not (root / sub).is_dir():
            raise InputError(f"missing folder {sub}/", root / sub)
    links = input_links(root)
    for sub, kinds, into in (
        ("corpus", ("original", "consolidated"), acts),
        ("amendments", ("amending",), orders),
    ):
        base = root / sub
        for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")):
            into.append(load_source(folder, kinds, links, tomls))
    seen: dict[ActId, Path] = {}
    for s in acts + orders:
        if s.id in seen:
            raise InputError(f"two sources with the same id {s.id} (also {seen[s.id]})", s.meta_file)
        seen[s.id] = s.meta_file
    act_ids = {a.id for a in acts}
    for o in orders:
        for amended in o.amends_all or (o.amends,):
            if amended not in act_ids:
                raise InputError(
                    f"order {o.id} amends {amended}, which is not in corpus/",
                    o.meta_file,
                    _line_of(o.meta_file, "amends"),
                )
    return Corpus(tuple(acts), tuple(orders))
