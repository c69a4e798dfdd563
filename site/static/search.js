// normbase site search: the CLI's search (normbase.search), offline, over an index fetched
// in pieces (static/search/, made by search_shards.py): a small manifest when the page
// loads; for a query, the form and term chunks of its words; for the wordings it ranks, the
// result files that hold their versions (to filter by date); for the hits shown, the text
// files. The index is analysed in Python with the CLI's own analysis; here a query word is
// looked up in that data: Russian word forms → lemmas, Kazakh forms → stems, and a Kazakh
// word the corpus does not have is reduced with the exported suffix chains to the stem the
// Python stripper gives. Query syntax, typo
// tolerance, BM25F ranking, phrases and the proximity boost follow normbase.search.query.
// Every data file is a .js file that calls NB_searchData(key, data): the Fetch API does not work
// on file://, a <script> element does.
(function () {
  "use strict";
  var LANGS = ["kk", "ru"], K1 = 1.2, B = 0.75, PROXIMITY_BOOST = 2, PROXIMITY_SLOP = 2;
  var PAGE = 10, ALL_FILES = 8, BATCH = 12, FILES = 20;

  // ---- loading the pieces --------------------------------------------------------
  var here = document.currentScript && document.currentScript.src;
  var BASE = here ? here.replace(/search\.js([?#].*)?$/, "search/") : "static/search/";
  var DATA = {}, WAIT = {}, LOADING = {};
  window.NB_searchData = function (key, data) {
    DATA[key] = data;
    (WAIT[key] || []).forEach(function (ok) { ok(data); });
    delete WAIT[key];
  };
  function load(key) {
    if (key in DATA) return Promise.resolve(DATA[key]);
    if (!LOADING[key]) {
      LOADING[key] = new Promise(function (ok, fail) {
        (WAIT[key] = WAIT[key] || []).push(ok);
        var s = document.createElement("script");
        s.src = BASE + key + ".js";
        s.onload = function () { s.remove(); if (!(key in DATA)) fail(new Error("no data in " + key + ".js")); };
        s.onerror = function () { s.remove(); delete LOADING[key]; fail(new Error("could not load " + key + ".js")); };
        document.head.appendChild(s);
      });
    }
    return LOADING[key];
  }
  function loadAll(keys) { return Promise.all(unique(keys).map(load)); }
  function unique(xs) { var seen = {}; return xs.filter(function (x) { return seen[x] ? false : (seen[x] = true); }); }
  var M = null;   // the manifest
  // the manifest and the Kazakh stripper's data (small; a Kazakh word that is not a corpus
  // form needs it) come with the page
  var READY = Promise.all([load("manifest"), load("kk/stem")]).then(function (got) {
    M = got[0];
    KK = got[1];
    Q.setStripper(KK);
    window.NB_ready = true;
    return M;
  });
  function chunkOf(firsts, key) {   // the last chunk whose first key is <= key
    var lo = 0, hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  function termKey(lang, t) { return lang + "/t" + chunkOf(M.terms[lang], t); }
  function formKey(lang, f) { return lang + "/f" + chunkOf(M.forms[lang], f); }
  function loadTerms(lang, ts) { return loadAll(ts.map(function (t) { return termKey(lang, t); })); }
  function has(lang, t) { return t in DATA[termKey(lang, t)]; }

  // the query side (static/search-query.js): analysis of query words and the query language
  var Q = window.NB_searchQuery, fold = Q.fold, tokens = Q.tokens, number = Q.number, kkStem = Q.kkStem;
  var parse = Q.parse, SyntaxErr = Q.SyntaxErr, KK = null;

  // ---- postings (decoded from a term chunk on first use), statistics -----------------
  var POST = {kk: {}, ru: {}}, DF = {kk: {}, ru: {}}, LEN = {};
  // A term in more than M.tier wordings has only its best-weighted postings in its t chunk
  // (marked by a third element); FULL[lang][t] once its u chunk, the rest, is loaded.
  var FULL = {kk: {}, ru: {}};
  function decode(p, m) {
    var wid = 0;
    for (var i = 0; i < p.length;) {
      wid += p[i];
      LEN[wid] = p[i + 1];
      var tf = p[i + 2], pos = [], at = 0;
      for (var k = 0; k < tf; k++) { at += p[i + 3 + k]; pos.push(at); }
      m[wid] = pos;
      i += 3 + tf;
    }
  }
  function postings(lang, t) {   // {wid: [positions]}
    if (t in POST[lang]) return POST[lang][t];
    var chunk = DATA[termKey(lang, t)], e = chunk && chunk[t], m = {};
    if (e) {
      decode(e[1], m);
      if (FULL[lang][t]) decode(DATA[restKey(lang, t)][t], m);
      DF[lang][t] = e[0];
    }
    POST[lang][t] = m;
    return m;
  }
  function restKey(lang, t) { return lang + "/u" + chunkOf(M.rest[lang], t); }
  function cut(lang, t) { var e = DATA[termKey(lang, t)][t]; return !!(e && e[2] && !FULL[lang][t]); }
  async function complete(lang, ts) {   // fetch the rest of these terms' postings
    ts = ts.filter(function (t) { return cut(lang, t); });
    await loadAll(ts.map(function (t) { return restKey(lang, t); }));
    ts.forEach(function (t) { FULL[lang][t] = true; delete POST[lang][t]; });
  }
  function bm25(lang, t, n) {
    var m = postings(lang, t), tf = m[n] ? m[n].length : 0;
    if (!tf) return 0;
    var idf = Math.log(M.n / (DF[lang][t] + 1)) + 1, avg = (M.stats[lang] / M.n) || 1;
    return idf * (tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * LEN[n] / avg));
  }

  // ---- a query word → index terms (normbase.search.query._resolve) -----------------
  function osa(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var d = [], i, j;
    for (i = 0; i <= a.length; i++) { d.push([i]); }
    for (j = 1; j <= b.length; j++) d[0][j] = j;
    for (i = 1; i <= a.length; i++) {
      var best = max + 1;
      for (j = 1; j <= b.length; j++) {
        var c = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) c = Math.min(c, d[i - 2][j - 2] + 1);
        d[i][j] = c;
        if (c < best) best = c;
      }
      if (best > max) return max + 1;
    }
    return d[a.length][b.length];
  }
  function typoRange(probe) {   // [k, the v files of the lengths a word within k can have]
    if (probe.length < 4 || /\d/.test(probe)) return null;
    var k = probe.length < 8 ? 1 : 2, out = [];
    for (var n = probe.length - k; n <= probe.length + k; n++) out.push(n);
    return [k, out];
  }
  // the nearest pool entries, in the order of the sorted pool (the CLI's), at most eight
  function nearest(probe, pool, found) {
    var r = typoRange(probe);
    if (!r) return;
    var hits = [];
    pool.forEach(function (c) {
      if (Math.abs(c[0].length - probe.length) > r[0]) return;
      var dist = osa(probe, c[0], r[0]);
      if (dist <= r[0]) hits.push([dist, c[0], c[1]]);
    });
    hits.sort(function (x, y) { return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0); });
    hits.slice(0, 8).forEach(function (h) { if (!(h[2] in found) || found[h[2]] > h[0]) found[h[2]] = h[0]; });
  }
  async function close(lang, term, typed) {
    var keys = [];
    [term, typed].forEach(function (p) {
      var r = typoRange(p);
      if (r) r[1].forEach(function (n) { if (M.vocab[lang].indexOf(n) >= 0) keys.push(lang + "/v" + n); });
    });
    await loadAll(keys);
    var terms = [], forms = [], found = {};
    unique(keys).forEach(function (key) {
      DATA[key].t.forEach(function (t) { terms.push([t, t]); });
      DATA[key].f.forEach(function (f) { forms.push(f); });
    });
    nearest(term, terms, found);
    nearest(typed, forms, found);
    var out = Object.keys(found).sort(function (a, b) {
      return found[a] - found[b] || (a < b ? -1 : a > b ? 1 : 0);
    }).slice(0, 8);
    await loadTerms(lang, out);
    return out;
  }
  async function resolve(lang, tok) {
    if (tok.num !== null) {
      var t = "№" + tok.num;
      await loadTerms(lang, [t]);
      return has(lang, t) ? [t] : [];
    }
    var word = fold(tok.raw), key = formKey(lang, word);
    await load(key);
    var known = DATA[key][word];
    if (known) { await loadTerms(lang, known); return known; }
    var term = word;
    if (lang === "kk") {
      await loadStripper();
      var parts = word.split(/[-‐‑]/).filter(Boolean);
      term = parts.length > 1
        ? parts.slice(0, -1).map(function (p) { return /^\d+$/.test(p) ? number(p) : p; }).join("-") + "-" + kkStem(parts[parts.length - 1])
        : kkStem(word);
      await loadTerms(lang, [term]);
      if (has(lang, term)) return [term];
      if (KK.ext[term]) { await loadTerms(lang, KK.ext[term]); return KK.ext[term]; }
    } else if (/^\d+$/.test(word)) {
      term = number(word);
      await loadTerms(lang, [term]);
      if (has(lang, term)) return [term];
    }
    return close(lang, term, word);
  }
  function loadStripper() { return load("kk/stem").then(function (d) { KK = d; Q.setStripper(d); return d; }); }
  // every word of the query tree, resolved once per language (then matching is synchronous)
  var RESOLVED = {kk: {}, ru: {}};
  function words(node, out) {
    if (node.word !== undefined) out.push(node.word);
    else if (node.phrase !== undefined) out.push(node.phrase);
    else if (node.not) words(node.not, out);
    else (node.and || node.or).forEach(function (x) { words(x, out); });
    return out;
  }
  function prepare(lang, tree) {
    var jobs = [];
    words(tree, []).forEach(function (text) {
      tokens(text).forEach(function (tok) {
        if (!(tok.raw in RESOLVED[lang])) {
          jobs.push(resolve(lang, tok).then(function (ts) { RESOLVED[lang][tok.raw] = ts; }));
        }
      });
    });
    return Promise.all(jobs);
  }
  function termsOf(lang, tok) { return RESOLVED[lang][tok.raw]; }

  // ---- matching and scoring --------------------------------------------------------
  // A result set: {wid: score}, over the wordings of one language. A sequence of query
  // tokens matches consecutive positions.
  function sequenceHits(lang, text, ctx) {
    var toks = tokens(text);
    if (!toks.length) return null;
    if (ctx) ctx.words++;
    var sets = toks.map(function (t) { var ts = termsOf(lang, t); if (ctx) ts.forEach(function (x) { ctx.mark[x] = true; }); return ts; });
    var hits = {};
    if (sets.some(function (s) { return !s.length; })) return hits;
    var first = {};
    sets[0].forEach(function (t) { Object.keys(postings(lang, t)).forEach(function (n) { first[n] = true; }); });
    Object.keys(first).forEach(function (n) {
      var ok = sets.length === 1;
      if (!ok) {   // a start position where every next token holds one of its terms
        var at = sets.map(function (s) {
          var p = {};
          s.forEach(function (t) { (postings(lang, t)[n] || []).forEach(function (x) { p[x] = true; }); });
          return p;
        });
        ok = Object.keys(at[0]).some(function (p0) {
          p0 = Number(p0);
          for (var k = 1; k < at.length; k++) if (!at[k][p0 + k]) return false;
          return true;
        });
      }
      if (!ok) return;
      var score = 0;
      sets.forEach(function (s) { s.forEach(function (t) { score += bm25(lang, t, n); }); });
      hits[n] = score;
    });
    return hits;
  }
  function nearHits(lang, node) {
    var ids = [];
    for (var k = 0; k < node.and.length; k++) {
      var item = node.and[k];
      if (item.word === undefined) continue;
      var toks = tokens(item.word);
      for (var j = 0; j < toks.length; j++) {
        var known = termsOf(lang, toks[j]);
        if (!known.length) return null;
        ids.push(known[0]);
      }
    }
    if (ids.length < 2) return null;
    var hits = {};
    Object.keys(postings(lang, ids[0])).forEach(function (n) {
      var plists = ids.map(function (t) { return postings(lang, t)[n] || []; });
      if (plists.some(function (p) { return !p.length; })) return;
      var ok = plists[0].some(function start(p0) {
        var prev = p0;
        for (var k = 1; k < plists.length; k++) {
          var next = plists[k].filter(function (p) { return p - prev >= 1 && p - prev <= PROXIMITY_SLOP; });
          if (!next.length) return false;
          prev = next[0];
        }
        return true;
      });
      if (!ok) return;
      var score = 0;
      ids.forEach(function (t) { score += bm25(lang, t, n); });
      hits[n] = PROXIMITY_BOOST * score;
    });
    return hits;
  }
  function evaluate(lang, node, ctx) {
    if (node.word !== undefined) return sequenceHits(lang, node.word, ctx);
    if (node.phrase !== undefined) return sequenceHits(lang, node.phrase, ctx);
    if (node.not) return evaluate(lang, node.not, null);
    if (node.or) {
      var subs = node.or.map(function (x) { return evaluate(lang, x, ctx); }).filter(Boolean);
      if (!subs.length) return null;
      var out = {};
      subs.forEach(function (s) { Object.keys(s).forEach(function (n) { out[n] = (out[n] || 0) + s[n]; }); });
      return out;
    }
    var pos = node.and.filter(function (x) { return !x.not; }).map(function (x) { return evaluate(lang, x, ctx); }).filter(Boolean);
    var neg = node.and.filter(function (x) { return x.not; }).map(function (x) { return evaluate(lang, x.not, null); }).filter(Boolean);
    if (!pos.length) return null;
    var res = {};
    Object.keys(pos[0]).forEach(function (n) {
      if (pos.every(function (s) { return n in s; })) res[n] = pos.reduce(function (a, s) { return a + s[n]; }, 0);
    });
    if (ctx) {
      var near = nearHits(lang, node);
      if (near) Object.keys(res).forEach(function (n) { if (n in near) res[n] += near[n]; });
    }
    neg.forEach(function (s) { Object.keys(s).forEach(function (n) { delete res[n]; }); });
    return res;
  }

  // ---- from matching wordings to hits: unit versions, fetched in rank order ----------
  function fileOf(wid) { return "r/" + Math.floor(wid / M.frag); }
  function fragment(wid) { return DATA[fileOf(wid)][wid % M.frag]; }   // lang, versions
  // a wording's text and token offsets: in x/ files of M.xfrag wordings, fetched for the hits shown
  function textFileOf(wid) { return "x/" + Math.floor(wid / M.xfrag); }
  function wordingText(wid) { return DATA[textFileOf(wid)][wid % M.xfrag]; }
  // What normbase.query.answer says of a version's wording on a day (search_index.py's
  // "z"): null when on that day the answer is not this wording.
  function statusOn(v, on) {
    var status = null;
    v.z.forEach(function (seg) { if (seg[0] <= on) status = seg[1]; });
    return status;
  }
  function Results(scores, marks, opts, partial) {
    var order = Object.keys(scores).map(Number).sort(function (a, b) { return scores[b] - scores[a] || a - b; });
    var on = opts.on || "", next = 0, found = [], units = {}, shown = 0;
    function keep(v) {
      if (opts.act && v.a !== opts.act) return false;
      return !on || ((!v.f || v.f <= on) && (!v.t || on < v.t) && statusOn(v, on) !== null);
    }
    function expand(wid, vs) {   // a wording's versions, in the CLI's order (score, then document)
      var frag = fragment(wid);
      vs.forEach(function (v) {
        if (!keep(v)) return;
        if (on) { found.push({wid: wid, v: v, score: scores[wid]}); return; }
        var key = v.a + " " + v.u + " " + frag.l;
        if (key in units) return;   // the unit is already at a better rank
        // one hit per unit: its latest matching wording (the sibling with the latest f)
        var best = [wid, v.f];
        (v.g || []).forEach(function (s) {
          if (s[0] in scores && (s[1] || "") > (best[1] || "")) best = s;
        });
        units[key] = true;
        found.push({wid: best[0], f: best[1], a: v.a, u: v.u, score: scores[wid], v: best[0] === wid && best[1] === v.f ? v : null});
      });
    }
    // Wordings are expanded in rank order (score, then wid: the order of their first unit
    // version), so every hit found so far ranks before any still to find. (Among versions of
    // equal score the CLI orders by document number; here a wording's versions stay together.)
    // A wording that many units share has its first versions in its fragment and the rest
    // in the result file's overflow (r/<i>x), fetched only when the hits reach them.
    var rest = null;   // [wid, page] of the last wording expanded, when it has overflow pages left
    // The texts of the hits to show (up to `ahead`) are requested as soon as they are found,
    // while the result files of further wordings load: not one more round of loads at the end.
    var ahead = 0;
    function requestTexts() {
      found.slice(shown, ahead).forEach(function (h) { load(textFileOf(h.wid)).catch(function () {}); });
    }
    // One call fetches at most FILES result files: a date or act filter that few versions
    // pass stops early, and "More results" goes on from there.
    async function fill(need, files) {   // expand until `need` hits are found (or every wording is)
      var fetched = {};
      while (found.length < need) {
        if (files !== undefined && Object.keys(fetched).length >= files) break;
        if (rest !== null) {
          var page = rest[1], wid = rest[0];
          if (files !== undefined && !((fileOf(wid) + "x" + page) in DATA)) fetched[fileOf(wid) + "x" + page] = true;
          expand(wid, (await load(fileOf(wid) + "x" + page))[wid]);
          requestTexts();
          rest = page + 1 < fragment(wid).m ? [wid, page + 1] : null;
          continue;
        }
        if (next >= order.length) break;
        var batch = order.slice(next, next + Math.min(BATCH, Math.max(2, need - found.length)));
        batch.forEach(function (w) { if (!(fileOf(w) in DATA)) fetched[fileOf(w)] = true; });
        await loadAll(batch.map(fileOf));
        for (var i = 0; i < batch.length; i++) {
          next++;
          expand(batch[i], fragment(batch[i]).v);
          if (fragment(batch[i]).m) { rest = [batch[i], 0]; break; }
        }
        requestTexts();
      }
    }
    async function version(wid, a, u, f) {   // a unit's version with this wording
      var frag = fragment(wid), pick = function (x) { return x.a === a && x.u === u && x.f === f; };
      var v = frag.v.filter(pick)[0];
      for (var page = 0; !v && page < (frag.m || 0); page++) v = (await load(fileOf(wid) + "x" + page))[wid].filter(pick)[0];
      return v;
    }
    async function take(n) {   // the next n hits, their fragments and texts loaded
      ahead = shown + n;
      await fill(shown + n, FILES);
      var hits = found.slice(shown, shown + n);
      shown += hits.length;
      var wids = hits.map(function (h) { return h.wid; });
      await Promise.all([loadAll(wids.map(fileOf)), loadAll(wids.map(textFileOf))]);
      for (var i = 0; i < hits.length; i++) if (!hits[i].v) hits[i].v = await version(hits[i].wid, hits[i].a, hits[i].u, hits[i].f);
      return hits.map(function (h) {
        var frag = fragment(h.wid), text = wordingText(h.wid), v = h.v;
        var at = {};
        Object.keys(marks[frag.l] || {}).forEach(function (t) { (postings(frag.l, t)[h.wid] || []).forEach(function (p) { at[p] = true; }); });
        return { doc: { a: v.a, u: v.u, l: frag.l, s: v.s, x: text.x, o: text.o, c: v.c, z: v.z, w: v.w, f: v.f, t: v.t },
                 num: v.d, wid: h.wid, score: h.score, marks: at, status: on ? statusOn(v, on) : v.c };
      });
    }
    return {
      wordings: order.length,
      // the number of hits when every matching wording was expanded, else null
      total: function () { return next >= order.length && rest === null && !partial ? found.length : null; },
      exhausted: function () { return next >= order.length && rest === null && shown >= found.length; },
      start: async function (n) {
        var files = unique(order.map(fileOf));
        ahead = n;
        if (files.length <= ALL_FILES && !partial) await fill(Infinity);   // a small result set: count it exactly
        return take(n);
      },
      more: take
    };
  }

  // search(query, {lang, on, act, limit}) → Promise of {hits, total, more(n), error}
  // Without a date each unit appears once, with its latest wording that matches.
  // The terms of a query tree (of its excluded parts only, with `negated`), once resolved.
  function treeTerms(lang, node, negated, inside) {
    var out = [];
    if (node.not) return treeTerms(lang, node.not, negated, true);
    if (node.word !== undefined || node.phrase !== undefined) {
      if (!negated || inside) tokens(node.word !== undefined ? node.word : node.phrase).forEach(function (tok) { out = out.concat(termsOf(lang, tok)); });
      return out;
    }
    (node.and || node.or).forEach(function (x) { out = out.concat(treeTerms(lang, x, negated, inside)); });
    return out;
  }
  var ENOUGH = 50;   // matching wordings from the first tiers that make a first page
  async function search(query, opts) {
    opts = opts || {};
    await READY;
    var tree;
    try { tree = parse(query); } catch (e) { if (e instanceof SyntaxErr) return { hits: [], total: 0, error: e.message }; throw e; }
    var langs = opts.lang ? [opts.lang] : LANGS, scores, marks, count, partial;
    await Promise.all(langs.map(function (lang) { return prepare(lang, tree); }));
    // an excluded word excludes every wording that has it: its postings must be whole
    await Promise.all(langs.map(function (lang) { return complete(lang, treeTerms(lang, tree, true, false)); }));
    function run() {
      scores = {}; marks = {}; count = 0; partial = false;
      langs.forEach(function (lang) {
        var ctx = { words: 0, mark: {} };
        var res = evaluate(lang, tree, ctx) || {};
        if (!ctx.words) return;
        count += ctx.words;
        marks[lang] = ctx.mark;
        Object.keys(res).forEach(function (n) { scores[n] = res[n]; });
        partial = partial || treeTerms(lang, tree, false, false).some(function (t) { return cut(lang, t); });
      });
    }
    async function whole() {   // every posting of every query term, then match again
      await Promise.all(langs.map(function (lang) { return complete(lang, treeTerms(lang, tree, false, false)); }));
      run();
    }
    run();
    if (!count) return { hits: [], total: 0, error: "the query has no words to search for" };
    if (partial && Object.keys(scores).length < ENOUGH) await whole();
    var limit = opts.limit || PAGE, results = Results(scores, marks, opts, partial), hits = await results.start(limit);
    if (hits.length < limit && partial && results.exhausted()) {
      await whole();
      results = Results(scores, marks, opts, partial);
      hits = await results.start(limit);
    }
    var shown = {};
    function seen(h) { var k = h.doc.a + " " + h.doc.u + " " + h.doc.l + " " + h.doc.f; return k in shown ? true : !(shown[k] = true); }
    hits.forEach(seen);
    return { hits: hits, total: results.total(), wordings: results.wordings,
             done: function () { return results.exhausted() && !partial; },
             more: async function (n) {
               n = n || PAGE;
               var more = (await results.more(n)).filter(function (h) { return !seen(h); });
               if (more.length < n && partial && results.exhausted()) {   // past the first tiers: the whole postings
                 await whole();
                 results = Results(scores, marks, opts, partial);
                 more = more.concat((await results.start(Object.keys(shown).length + n)).filter(function (h) { return !seen(h); }));
               }
               this.total = results.total();
               return more;
             } };
  }
  window.NB_search = search;
  window.NB_searchLoad = load;
  window.NB_kkStems = async function (ws) { await READY; await loadStripper(); return ws.map(kkStem); };
  window.NB_resolve = async function (lang, word) {
    await READY;
    var tok = tokens(word)[0];
    return resolve(lang, tok);
  };
})();
