"""The key that signs what normbase unpickles, kept outside every output folder.

reads: the key file (``$NORMBASE_KEY_FILE``, else ``$XDG_CONFIG_HOME/normbase/cache-key``, else
``~/.config/normbase/cache-key``); writes: that file, once, when a build first needs it (32
random bytes, mode 0600). Read commands never make it.

normbase keeps pickles in ``out/``: the fast-load file ``out/cache/kb.pickle``, the stage
cache ``out/cache/act/``, and whoosh's index in ``out/index`` (its table of contents and stored
fields are pickles). Unpickling runs whatever code the file names, so a pickle is read only
when its HMAC-SHA256 under this key matches: an ``out/`` received from someone else (a shared
folder, a downloaded build) or written by anyone without the key is ignored — the look-up
then answers from the sources — and never executed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_ENV = "NORMBASE_KEY_FILE"
SIZE = 32
_keys: dict[str, bytes] = {}


def key_path() -> Path:
    explicit = os.environ.get(KEY_ENV)
    if explicit:
        return Path(explicit)
    config = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(config) / "normbase" / "cache-key"


def key(create: bool = False) -> bytes | None:
    """The signing key; None when there is none (and ``create`` is false, or it cannot be made)."""
    path = key_path()
    cached = _keys.get(str(path))
    if cached is not None:
        return cached
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    if len(data) < SIZE and create:
        data = _make(path)
    if len(data) < SIZE:
        return None
    _keys[str(path)] = data
    return data


def _make(path: Path) -> bytes:
    """A new key at ``path`` (or the one another process made first)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(SIZE))
        try:
            os.link(tmp, path)  # never replaces a key another process made meanwhile
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
        return path.read_bytes()
    except OSError:
        return b""


def sign(data: bytes, secret: bytes) -> str:
    return hmac.new(secret, data, hashlib.sha256).hexdigest()


def signer(secret: bytes):
    """An incremental HMAC (``update`` then ``hexdigest``)."""
    return hmac.new(secret, digestmod=hashlib.sha256)


def valid(data: bytes, signature: str, secret: bytes | None) -> bool:
    return (
        secret is not None
        and isinstance(signature, str)
        and hmac.compare_digest(sign(data, secret), signature)
    )
