"""``normbase build`` under its lock: the outputs that are stale are written again, the manifest last.

reads: the project's inputs, the build manifest ``OUT/build.json`` and the outputs it names;
writes: the stale outputs of ``OUT`` — ``site/``, ``index/`` (with ``index.stamp``), ``kb/``
(with ``cache/kb.pickle``) and ``references.json``, in this order — then ``build.json``
(``manifest.py``). The caller (``cli.build_cmd``) has claimed the folder and holds its lock
(``outputs.py``).

What is stale: everything when the inputs or normbase changed since the last complete build;
else each output whose files differ from what that build wrote (a killed build, a deleted or
hand-edited file), and the store when its fast-load file cannot be trusted. The knowledge base
is read from the store when the store is current, else built (with the stage cache).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from normbase import manifest, outputs, store
from normbase.cache import Cache
from normbase.checks import self_check
from normbase.pipeline import KnowledgeBase, build

if TYPE_CHECKING:
    from normbase.pack import StoredKB


def run(root: Path, out: Path, strict: bool):
    """The build, under the lock held by the caller: what is stale is written again, the manifest
    last. Returns (kb, errors, findings, site summary, what was done, refused by --strict)."""
    from normbase.indexing import write_index
    from normbase.site import build_site

    from normbase.progress import Stages
    from normbase.reflinks import save_index

    store.clean_stale(out)
    outputs.refuse_foreign(out)
    inputs = store.fingerprint(root, ("corpus", "amendments", "site"))
    stale = manifest.stale(out, inputs)
    if not (out / "references.json").is_file():
        stale.add("kb")  # the references index is written with the store, from the built knowledge base
    with outputs.discards_aside(), Stages() as stages:  # a line per stage on a terminal, from 2 s
        with stages.stage("knowledge base") as st:
            kb: KnowledgeBase | StoredKB | None = (
                None if "kb" in stale else store.load(root, out / "kb", rebuild=lambda: build(root))
            )
            if kb is None:  # the store, or its fast-load file, is missing or damaged
                stale.add("kb")
            cache = Cache(out / "cache")
            if kb is None:
                kb = build(root, cache)
            st.info = f"{len(kb.histories)} acts, {sum(len(h.addresses) for h in kb.histories)} units"
        outputs.checkpoint("pipeline")
        with stages.stage("self-check") as st:
            findings = self_check(kb)
            st.info = f"{len(findings)} findings"
        errors = [f for f in findings if f.severity == "error"]
        refused = strict and bool(
            errors
        )  # a failed build: nothing is written, the previous store and site stay
        site: dict[str, Any] = {"out": str(out / "site"), "pages": None, "bytes": None}
        if refused:
            done = f"build --strict: {len(errors)} errors, nothing written"
        elif not stale:
            done = "nothing changed since the last build: nothing rebuilt"
        else:
            if "site" in stale:
                with stages.stage("site") as st:
                    site = build_site(kb, root, out / "site", strict=strict, cache=cache)
                    st.info = (
                        f"{site['pages']} pages, {site['bytes'] // 1024} KiB, {site['acts_kept']} acts kept"
                    )
            outputs.checkpoint("site")
            if "index" in stale:
                with stages.stage("search index") as st:
                    write_index(kb, out)
                    st.info = (
                        f"{sum(len(t.versions) for h in kb.histories for t in h.timelines)} unit versions"
                    )
            outputs.checkpoint("index")
            if "kb" in stale:
                with stages.stage("store") as st:
                    store.save(kb, root, out / "kb", store.exports(kb), build=inputs)
                    st.info = str(out / "kb")
                with stages.stage("references") as st:  # show --json's cited_by, without reading every act
                    save_index(kb, out / "references.json", inputs)
                    st.info = str(out / "references.json")
            outputs.checkpoint("kb")
            manifest.write(out, inputs, {"site": site.get("hashes") or {}})  # the site: its hashes known
            done = (
                f"rebuilt {', '.join(n for n in manifest.OUTPUTS if n in stale)}: "
                f"{cache.misses} stage results "
                f"computed, {cache.hits} reused from {out / 'cache'}"
            )
    return kb, errors, findings, site, done, refused
