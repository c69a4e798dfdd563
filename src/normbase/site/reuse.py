"""An act's site files kept from the previous build when nothing they show has changed.

reads: a ``KnowledgeBase`` (its corpus, the links between its acts, the self-check's findings of
each act), the stage cache (``OUT/cache/site-act/<digest>.pickle``: what an act's job wrote, with
each file's sha256) and the previous site; writes: hard links to the previous site's files in the
site being built, and the cache entries of the act jobs rendered.

An act's job (its page, its ``timelines.js``, its source texts, the pages of the orders amending
it, its feed) reads the knowledge base far beyond the act: the titles and dates of every act a
reference may name, the numbers and dates of every order a citation names, the units of the acts
it cites and the units citing it, its findings. Its ``digest`` is the hash of all of that:

* normbase's code and the project's ``site/`` folder (templates, styles, prose);
* the act's own inputs (``pipeline.history_key``: the act, every order amending it, their texts),
  and those of every other act one of its orders amends;
* the registry references resolve against (every source's id, issuer, signing date and titles)
  and every order's number and signing date;
* the act's findings, and its links both ways — with the inputs of every act at their other end.

Only when the digest is the one a previous job was stored under, and every file that job wrote
is still in the previous site with the same sha256, are those files linked into the new site
instead of rendered again; otherwise the job is rendered. A test builds a changed project both
ways (a rebuild and a build from nothing) and compares the sites byte for byte.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from normbase.address import parse_act_id
from normbase.cache import key_of
from normbase.outputs import link_same


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def act_digests(kb, site_stamp: str, findings: dict) -> dict[str, str]:
    """{act: the digest of everything its job reads} (see the module's docstring)."""
    from normbase.pipeline import history_keys
    from normbase.reflinks import link_kb, per_kb

    corpus = kb.corpus
    inputs = history_keys(kb)
    registry = key_of(*[(str(s.id), s.issuer, s.signed, s.title, s.number) for s in corpus.all()])
    orders = key_of(*[(str(o.id), o.id.number, o.signed) for o in corpus.orders])
    links_of: dict[str, list] = {act: [] for act in inputs}
    for k in per_kb(kb, "links", lambda: link_kb(kb)):
        for end in {k.act, k.target.act}:
            if end in links_of:
                links_of[end].append(k)
    out = {}
    for h in kb.histories:
        act = h.act
        amended = {str(a) for o in corpus.orders_for(parse_act_id(act)) for a in o.amends_all or (o.amends,)}
        links = links_of.get(act, [])
        near = sorted({k.act for k in links} | {k.target.act or "" for k in links} | amended)
        out[act] = key_of(
            "site-act",
            site_stamp,
            inputs.get(act),
            registry,
            orders,
            [(n, inputs.get(n)) for n in near],
            [repr(f) for f in findings.get(act, [])],
            [repr(k) for k in links],
        )
    return out


def relink(previous: Path | None, out: Path, result) -> bool:
    """Link every file ``result`` (a stored job) wrote from the ``previous`` site into ``out``;
    False (and nothing left behind) when there is none, or a file is missing or its bytes are not
    those written."""
    if previous is None:
        return False
    done: list[Path] = []
    folders: set[Path] = set()
    for path in result.paths:
        if not link_same(previous / path, out / path, result.hashes.get(path, ""), folders):
            for new in done:
                new.unlink(missing_ok=True)
            return False
        done.append(out / path)
    return True
