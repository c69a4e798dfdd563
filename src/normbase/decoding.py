"""Decoding: the bytes of one source file → text, or one clear error naming the file and line.

reads: bytes; writes: nothing. ``decode`` accepts UTF-8 (± BOM), UTF-16 with BOM, or mostly-Cyrillic
cp1251; otherwise, or if empty or binary, it raises ``InputError`` (file, line): a cp1251 file that
holds UTF-8 byte sequences is refused at its first such line, and a decode error names the line of
the bad byte. ``normalize.py`` takes the text from here.
"""

from __future__ import annotations

import codecs
import re

from normbase.errors import InputError

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode(data: bytes, file: str) -> str:
    """The text of a source file's bytes; ``InputError`` if it is not usable text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _decode_strict(data[len(bom) :], encoding, file)
            break
    else:
        if b"\x00" in data:
            line = _line_at(data, data.index(b"\x00"))
            raise InputError("binary file (NUL bytes, no UTF-16 BOM)", file=file, line=line)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            if any(
                b >= 0x80 for b in data[: error.start]
            ):  # valid UTF-8 Cyrillic so far: a damaged UTF-8 file
                what = (
                    "truncated inside a character"
                    if error.reason == "unexpected end of data"
                    else "invalid byte"
                )
                raise InputError(
                    f"cannot decode: UTF-8 text {what} at byte offset {error.start}",
                    file=file,
                    line=_line_at(data, error.start),
                ) from None
            guess = _plausible_cp1251(data)
            if guess is None:
                where = _not_cp1251_at(data, error.start)
                raise InputError(
                    "cannot decode: not UTF-8, UTF-16 with BOM or cp1251 Cyrillic text "
                    f"(byte 0x{data[where]:02x} at offset {where})",
                    file=file,
                    line=_line_at(data, where),
                ) from None
            text = guess
    if "\x00" in text:
        raise InputError(
            "binary file (NUL characters)", file=file, line=text[: text.index("\x00")].count("\n") + 1
        )
    if (found := _MOJIBAKE.search(text)) is not None:
        raise InputError(
            f"mixed encodings: UTF-8 bytes read as cp1251 (mojibake «{found.group()}»); "
            "re-save the file as UTF-8 in one piece",
            file=file,
            line=text[: found.start()].count("\n") + 1,
        )
    if not text.strip():
        raise InputError("empty file", file=file)
    return text


def _decode_strict(body: bytes, encoding: str, file: str) -> str:
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as error:
        line = body[: error.start].decode(encoding, "replace").count("\n") + 1
        message = f"cannot decode: invalid {encoding} at byte offset {error.start}"
        raise InputError(message, file=file, line=line) from None


# UTF-8 Cyrillic read as cp1251: a lead byte D0/D1 («Р», «С») before a continuation byte 80–BF,
# twice in a row («Р°Р±»): no Russian or Kazakh word looks like that.
_CONTINUATION = "".join(sorted(set(bytes(range(0x80, 0xC0)).decode("cp1251", errors="ignore")) - {"\u00a0"}))
_MOJIBAKE = re.compile(rf"(?:[РС][{re.escape(_CONTINUATION)}]){{2,}}")


def _not_cp1251_at(data: bytes, fallback: int) -> int:
    """Where a file stops being cp1251 text: its first byte cp1251 lacks, or its first control character."""
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError as error:
        return error.start
    bad = next((i for i, ch in enumerate(text) if ord(ch) < 32 and ch not in "\t\n\r\f"), None)
    return fallback if bad is None else bad  # cp1251 is one byte a character: the index is the offset


def _line_at(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _plausible_cp1251(data: bytes) -> str | None:
    """cp1251 text whose letters are mostly Cyrillic, else None."""
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    cyrillic = sum(1 for ch in letters if is_cyrillic(ch))
    if not letters or cyrillic * 2 <= len(letters):
        return None
    if any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text):
        return None  # C0 control characters: not text
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    plain = sum(
        1
        for w in words
        if re.fullmatch(r"[\W\d_]*(?:[а-яёА-ЯЁ]+|[a-zA-Z]+)(?:-(?:[а-яёА-ЯЁ]+|[a-zA-Z]+))*[\W\d_]*", w)
    )
    return text if words and plain * 10 >= len(words) * 7 else None  # mostly real words, each in one script


def is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f"
