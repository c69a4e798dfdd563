"""The site's references: a link to the cited unit on the same date, "cited by" on every unit page."""

from __future__ import annotations

import re

import pytest

from tests.browser.site_projects import ACT, REF_RU, make_reference_project

from normbase.pipeline import build
from normbase.site import build_site


@pytest.fixture(scope="module")
def ref_site(tmp_path_factory):
    project = make_reference_project(tmp_path_factory.mktemp("refs") / "p")
    out = project / "site-out"
    build_site(build(project), project, out)   # the link checker runs inside: a broken link fails the build
    return out


def _data(ref_site):
    from normbase.site.act_data import read_timelines
    return read_timelines((ref_site / "acts" / ACT / "timelines.js").read_text(encoding="utf-8"),
                          (ref_site / "acts" / ACT / "index.html").read_text(encoding="utf-8"))


def test_a_reference_links_to_the_cited_unit_on_the_same_date(ref_site):
    """On the page (as of the latest source) and in every version of the timelines: a link to
    the cited unit on the act page; the page's script adds the date shown (browser test)."""
    html = (ref_site / "acts" / ACT / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="ref" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert links and all(u == f"../../acts/{ACT}/index.html#rules.p4" for u, _t in links), links
    assert {text for _u, text in links} >= {"пункте 4 настоящих Правил", "осы Қағидалардың 4-тармағында"}
    segs = [s for u in _data(ref_site)["units"] for lang in ("kk", "ru") for v in u[lang]["v"] if v["g"]
            for para in v["g"] for s in para if s[1]]
    assert segs and all(s[1] == f"../../acts/{ACT}/index.html#rules.p4" for s in segs)


def test_every_unit_history_shows_cited_by(ref_site):
    units = {u["a"]: u for u in _data(ref_site)["units"]}
    cited = units["rules.p4"]["cb"]
    assert any(c[1] == "rules.p6" and "пункте 4 настоящих Правил" in c[3] for c in cited)
    assert "cb" not in units["rules.p5"]
    html = (ref_site / "acts" / ACT / "index.html").read_text(encoding="utf-8")
    assert "No unit in the corpus cites this unit." in html or "history.cited_none" in \
        (ref_site / "static" / "act.js").read_text(encoding="utf-8")
    assert REF_RU.split(",")[0][3:] in html


def test_check_flags_a_unit_citing_a_unit_changed_later(tmp_path):
    from click.testing import CliRunner

    from normbase.cli import main

    project = make_reference_project(tmp_path / "p")
    result = CliRunner().invoke(main, ["--root", str(project), "--out", str(tmp_path / "out"), "check", ACT])
    assert result.exit_code == 0, result.output
    flagged = [line for line in result.stdout.splitlines() if "[cites_changed_unit]" in line]
    assert any("rules.p6: cites rules.p4, which changed on 2012-03-07" in line for line in flagged), flagged
    refs = CliRunner().invoke(main, ["--root", str(project), "--out", str(tmp_path / "out"), "refs", ACT, "rules.p4"])
    assert "cited by:" in refs.stdout and "rules.p6 [ru] «пункте 4 настоящих Правил»" in refs.stdout


def test_show_json_cited_by_with_and_without_the_references_index(tmp_path):
    import json

    from click.testing import CliRunner

    from normbase.cli import main

    project = make_reference_project(tmp_path / "p")
    out = tmp_path / "out"

    def cited(*extra):
        r = CliRunner().invoke(main, ["--root", str(project), "--out", str(out), *extra])
        assert r.exit_code == 0, r.output
        return r

    def by():
        data = json.loads(cited("show", ACT, "rules.p4", "--json").stdout)
        return sorted((c["address"], c["lang"]) for d in data for c in d["cited_by"])
    assert by() == [("rules.p6", "kk"), ("rules.p6", "ru")]          # no build: the act's own links
    cited("build")
    assert (out / "references.json").is_file()
    assert by() == [("rules.p6", "kk"), ("rules.p6", "ru")]          # from the index the build wrote
