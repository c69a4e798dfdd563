// normbase site search: the CLI's search (normbase.search) over window.NB_INDEX, offline.
// The index is analysed in Python with the CLI's own analysis (search_index.py); here a
// query is analysed by looking its words up in that data: Russian word forms → lemmas,
// Kazakh forms → stems, and a Kazakh word the corpus does not have is reduced with the
// exported suffix chains to the stem the Python stripper gives. Query syntax, typo
// tolerance, BM25F ranking, phrases and the proximity boost follow normbase.search.query.
(function () {
  "use strict";
  var IDX = window.NB_INDEX;
  if (!IDX) return;
  var LANGS = ["kk", "ru"], K1 = 1.2, B = 0.75, PROXIMITY_BOOST = 2, PROXIMITY_SLOP = 2;

  // ---- analysis (normbase.search.analysis) ----------------------------------------
  var CYR = /[а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ]/;
  var LOOK_FROM = "aceopxyiABCEHKMOPTXYI", LOOK_TO = "асеорхуіАВСЕНКМОРТХУІ";
  var DROP = /[\u0301\u0300\u00ad\u200b\u200c\u200d]/g;
  function fold(word) {
    word = word.normalize("NFC").replace(DROP, "");
    if (CYR.test(word)) {
      var out = "";
      for (var i = 0; i < word.length; i++) {
        var k = LOOK_FROM.indexOf(word[i]);
        out += k < 0 ? word[i] : LOOK_TO[k];
      }
      word = out;
    }
    return word.toLowerCase().replace(/ё/g, "е");
  }
  var TOKEN = /(?<![\p{L}\p{N}])(?:№|N|Н|No\.?)\s*(\d+(?:[-/]\d+)*)(?![\p{L}\p{N}])|[\p{L}\p{N}]+(?:[-‐‑][\p{L}\p{N}]+)*/gu;
  function number(digits) { return digits.replace(/^0+/, "") || "0"; }
  function tokens(text) {
    var out = [], m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text))) {
      out.push({ start: m.index, end: m.index + m[0].length, raw: m[0],
                 num: m[1] !== undefined ? m[1].replace(/\d+/g, number) : null });
    }
    return out;
  }

  // ---- the Kazakh stripper, driven by the exported suffix chains (kazakh.py) --------
  var KK = IDX.kk;
  function lastVowel(s) { for (var i = s.length - 1; i >= 0; i--) if (KK.vowels.indexOf(s[i]) >= 0) return s[i]; return null; }
  function soundClass(s) {
    var ch = s[s.length - 1];
    if (KK.classes.R.indexOf(ch) >= 0) return "R";
    if (KK.vowels.indexOf(ch) >= 0) return "V";
    if (KK.classes.L.indexOf(ch) >= 0) return "L";
    if (KK.classes.N.indexOf(ch) >= 0) return "N";
    return "T";
  }
  function harmonyOk(stem, suffix) {
    if (KK.invariant.indexOf(suffix) >= 0) return true;
    var sv = lastVowel(suffix), v = lastVowel(stem);
    if (sv === null || v === null || v === "и" || v === "у") return true;
    return (KK.back.indexOf(sv) >= 0) === (KK.back.indexOf(v) >= 0);
  }
  function plausible(s) {
    if (s.length < KK.min_stem || "ъь-".indexOf(s[s.length - 1]) >= 0) return false;
    for (var i = 0; i < s.length; i++) if (KK.vowels.indexOf(s[i]) >= 0) return true;
    return false;
  }
  function devoice(s) {
    var last = s[s.length - 1];
    if (last === "ғ") return s.slice(0, -1) + "қ";
    if (last === "б") return s.slice(0, -1) + "п";
    if (last === "г" && KK.front.indexOf(lastVowel(s)) >= 0) return s.slice(0, -1) + "к";
    return s;
  }
  function kkStem(word) {
    if (/^\d+$/.test(word)) return number(word);
    if (word.length <= KK.min_stem || lastVowel(word) === null) return word;
    var cands = [word];
    KK.endings.forEach(function (e) {
      var ending = e[0];
      if (word.length <= ending.length || word.slice(-ending.length) !== ending) return;
      var stem = word.slice(0, -ending.length);
      if (e[2].indexOf(soundClass(stem)) < 0 || !harmonyOk(stem, e[1])) return;
      if (e[4]) stem = devoice(stem);
      if (!plausible(stem)) return;
      if (e[3] || (stem.length >= KK.min_weak_stem && KK.support[stem])) cands.push(stem);
    });
    var best = null;
    cands.forEach(function (s) {   // most support, then shorter, then the later in code order
      if (best === null) { best = s; return; }
      var a = KK.support[s] || 0, b = KK.support[best] || 0;
      if (a > b || (a === b && (s.length < best.length || (s.length === best.length && s > best)))) best = s;
    });
    return best;
  }

  // ---- postings, statistics ------------------------------------------------------
  var DOCS = IDX.docs, N = DOCS.length, TERMID = {}, POST = {}, DF = {};
  LANGS.forEach(function (l) {
    TERMID[l] = {};
    IDX.terms[l].forEach(function (t, i) { TERMID[l][t] = i; });
    POST[l] = {};
    DF[l] = {};
  });
  DOCS.forEach(function (d, n) {
    var p = d.p, pos = 0, post = POST[d.l];
    d.toks = [];
    for (var i = 0; i < p.length; pos++) {
      var count = p[i + 2], ids = p.slice(i + 3, i + 3 + count);
      d.toks.push({ start: p[i], end: p[i + 1], ids: ids });
      ids.forEach(function (t) {
        var m = post[t] || (post[t] = {});
        (m[n] || (m[n] = [])).push(pos);
      });
      i += 3 + count;
    }
  });
  LANGS.forEach(function (l) { Object.keys(POST[l]).forEach(function (t) { DF[l][t] = Object.keys(POST[l][t]).length; }); });
  function bm25(lang, t, n) {
    var m = POST[lang][t], tf = m && m[n] ? m[n].length : 0;
    if (!tf) return 0;
    var idf = Math.log(N / (DF[lang][t] + 1)) + 1, avg = (IDX.stats[lang] / N) || 1;
    return idf * (tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * DOCS[n].n / avg));
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
  function nearest(probe, pool, toIds, found) {
    if (probe.length < 4 || /\d/.test(probe)) return;
    var k = probe.length < 8 ? 1 : 2, hits = [];
    pool.forEach(function (cand, i) {
      var dist = osa(probe, cand, k);
      if (dist <= k) hits.push([dist, i, cand]);
    });
    hits.sort(function (x, y) { return x[0] - y[0] || x[1] - y[1]; });
    hits.slice(0, 8).forEach(function (h) {
      toIds(h[2]).forEach(function (t) { if (!(t in found) || found[t] > h[0]) found[t] = h[0]; });
    });
  }
  var FORMKEYS = {};
  function close(lang, term, typed) {
    var found = {}, terms = IDX.terms[lang], forms = IDX.forms[lang];
    if (!FORMKEYS[lang]) FORMKEYS[lang] = Object.keys(forms);
    nearest(term, terms, function (c) { return [TERMID[lang][c]]; }, found);
    nearest(typed, FORMKEYS[lang], function (c) { return forms[c].slice(0, 1); }, found);
    return Object.keys(found).map(Number).sort(function (a, b) {
      return found[a] - found[b] || (terms[a] < terms[b] ? -1 : 1);
    }).slice(0, 8);
  }
  function resolve(lang, tok) {
    if (tok.num !== null) {
      var id = TERMID[lang]["№" + tok.num];
      return id === undefined ? [] : [id];
    }
    var word = fold(tok.raw), known = IDX.forms[lang][word];
    if (known) return known;
    var term = word;
    if (lang === "kk") {
      var parts = word.split(/[-‐‑]/).filter(Boolean);
      term = parts.length > 1
        ? parts.slice(0, -1).map(function (p) { return /^\d+$/.test(p) ? number(p) : p; }).join("-") + "-" + kkStem(parts[parts.length - 1])
        : kkStem(word);
      if (TERMID.kk[term] !== undefined) return [TERMID.kk[term]];
      if (KK.ext[term]) return KK.ext[term];
    } else if (/^\d+$/.test(word)) {
      term = number(word);
      if (TERMID.ru[term] !== undefined) return [TERMID.ru[term]];
    }
    return close(lang, term, word);
  }

  // ---- the query language (normbase.search.query) ----------------------------------
  var QUOTES = { '"': '"', "«": "»", "“": "”", "„": "“" };
  var LEX = /\s+|(["«“„])|([()])|((?:№|N|Н|No\.?)\s*\d[^\s"«»“”„()]*|[^\s"«»“”„()]+)|([»”])/y;
  function SyntaxErr(msg) { this.message = msg; }
  function lex(text) {
    var out = [], i = 0, m;
    while (i < text.length) {
      LEX.lastIndex = i;
      m = LEX.exec(text);
      if (m[1]) {
        var close = QUOTES[m[1]], end = text.indexOf(close, LEX.lastIndex);
        if (end < 0) throw new SyntaxErr("the query has an opening quote " + m[1] + " without its closing " + close);
        var neg = out.length && out[out.length - 1][0] === "neg";
        if (neg) out.pop();
        out.push([neg ? "nphrase" : "phrase", text.slice(LEX.lastIndex, end)]);
        i = end + 1;
        continue;
      }
      if (m[4]) throw new SyntaxErr("the query has a closing quote " + m[4] + " without its opening quote");
      if (m[2]) out.push([m[2] === "(" ? "lparen" : "rparen", m[2]]);
      else if (m[3]) {
        var w = m[3];
        if (w === "OR" || w === "AND") out.push(["op", w]);
        else if (w === "-") out.push(["neg", "-"]);
        else if (w[0] === "-") out.push(["nword", w.slice(1)]);
        else out.push(["word", w]);
      }
      i = LEX.lastIndex;
    }
    return out;
  }
  function parse(text) {
    if (!text.trim()) throw new SyntaxErr("the query is empty");
    var toks = lex(text), i = 0;
    function peek() { return i < toks.length ? toks[i] : null; }
    function sequence(top) {
      var items = [];
      for (;;) {
        var t = peek();
        if (t === null || t[0] === "rparen") break;
        if (t[0] === "op" && t[1] === "AND") {
          i++;
          if (!items.length || peek() === null || peek()[0] === "rparen" || peek()[0] === "op") throw new SyntaxErr("AND needs a word on each side");
          continue;
        }
        items.push(disjunction());
      }
      if (top && peek() !== null) throw new SyntaxErr("the query has a closing parenthesis ) without its opening (");
      if (!items.length) throw new SyntaxErr(top ? "the query is empty" : "the query has empty parentheses ()");
      return items.length === 1 ? items[0] : { and: items };
    }
    function disjunction() {
      var items = [unary()];
      while (peek() && peek()[0] === "op" && peek()[1] === "OR") {
        i++;
        if (peek() === null || peek()[0] === "rparen" || peek()[0] === "op") throw new SyntaxErr("OR needs a word on each side");
        items.push(unary());
      }
      if (items.length > 1 && items.some(function (x) { return x.not; })) throw new SyntaxErr("an excluded -word cannot be one side of OR");
      return items.length === 1 ? items[0] : { or: items };
    }
    function unary() {
      var t = toks[i++], kind = t[0];
      if (kind === "word") return { word: t[1] };
      if (kind === "phrase") return { phrase: t[1] };
      if (kind === "nword") return { not: { word: t[1] } };
      if (kind === "nphrase") return { not: { phrase: t[1] } };
      if (kind === "neg") {
        if (peek() && peek()[0] === "lparen") return { not: unary() };
        return { word: "-" };
      }
      if (kind === "lparen") {
        var inner = sequence(false);
        if (peek() === null || peek()[0] !== "rparen") throw new SyntaxErr("the query has an opening parenthesis ( without its closing )");
        i++;
        if (!positive(inner)) throw new SyntaxErr("a group in parentheses needs a word that is not excluded");
        return inner;
      }
      if (kind === "op") throw new SyntaxErr(t[1] + " needs a word on each side");
      throw new SyntaxErr("the query has a closing parenthesis ) without its opening (");
    }
    var tree = sequence(true);
    if (!positive(tree)) throw new SyntaxErr("the query only excludes words: add a word to look for");
    return tree;
  }
  function positive(n) {
    if (n.word !== undefined || n.phrase !== undefined) return true;
    if (n.not) return false;
    return (n.and || n.or).some(positive);
  }

  // ---- matching and scoring --------------------------------------------------------
  // A result set: {docnum: score}. A sequence of query tokens matches consecutive positions.
  function sequenceHits(lang, text, ctx) {
    var toks = tokens(text);
    if (!toks.length) return null;
    if (ctx) ctx.words++;
    var sets = toks.map(function (t) { var ids = resolve(lang, t); if (ctx) ids.forEach(function (x) { ctx.mark[x] = true; }); return ids; });
    var hits = {};
    if (sets.some(function (s) { return !s.length; })) return hits;
    var first = {};
    sets[0].forEach(function (t) { Object.keys(POST[lang][t] || {}).forEach(function (n) { first[n] = true; }); });
    Object.keys(first).forEach(function (n) {
      n = Number(n);
      var dtoks = DOCS[n].toks, ok = sets.length === 1;
      for (var i = 0; !ok && i + sets.length <= dtoks.length; i++) {
        ok = sets.every(function (s, k) { return dtoks[i + k].ids.some(function (t) { return s.indexOf(t) >= 0; }); });
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
        var known = resolve(lang, toks[j]);
        if (!known.length) return null;
        ids.push(known[0]);
      }
    }
    if (ids.length < 2) return null;
    var hits = {};
    Object.keys(POST[lang][ids[0]] || {}).forEach(function (n) {
      var plists = ids.map(function (t) { var m = POST[lang][t]; return m && m[n] ? m[n] : []; });
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
      ids.forEach(function (t) { score += bm25(lang, t, Number(n)); });
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

  // search(query, {lang, on, act}) → {hits: [{doc, score, marks}], error}
  // Without a date each unit appears once, with its latest wording that matches.
  function search(query, opts) {
    opts = opts || {};
    var tree;
    try { tree = parse(query); } catch (e) { if (e instanceof SyntaxErr) return { hits: [], error: e.message }; throw e; }
    var langs = opts.lang ? [opts.lang] : LANGS, scores = {}, marks = {}, words = 0;
    langs.forEach(function (lang) {
      var ctx = { words: 0, mark: {} };
      var res = evaluate(lang, tree, ctx) || {};
      if (!ctx.words) return;
      words += ctx.words;
      marks[lang] = ctx.mark;
      Object.keys(res).forEach(function (n) { if (DOCS[n].l === lang) scores[n] = res[n]; });
    });
    if (!words) return { hits: [], error: "the query has no words to search for" };
    var on = opts.on || "", ranked = Object.keys(scores).map(Number).filter(function (n) {
      var d = DOCS[n];
      if (opts.act && d.a !== opts.act) return false;
      return !on || ((!d.f || d.f <= on) && (!d.t || on < d.t) && statusOn(d, on) !== null);
    }).sort(function (a, b) { return scores[b] - scores[a] || a - b; });
    if (!on) {   // one hit per unit: its latest matching wording, at the best rank of the unit
      var seen = {}, order = [];
      ranked.forEach(function (n) {
        var d = DOCS[n], key = d.a + " " + d.u + " " + d.l;
        if (!(key in seen)) { seen[key] = order.length; order.push(n); }
        else if ((d.f || "") > (DOCS[order[seen[key]]].f || "")) order[seen[key]] = n;
      });
      ranked = order;
    }
    return { hits: ranked.map(function (n) {
      var d = DOCS[n];
      return { doc: d, num: n, score: scores[n], marks: marks[d.l], status: on ? statusOn(d, on) : d.c };
    }) };
  }
  // What normbase.query.answer says of a document's wording on a day (search_index.py's
  // "z"): null when on that day the answer is not this wording.
  function statusOn(d, on) {
    var status = null;
    d.z.forEach(function (seg) { if (seg[0] <= on) status = seg[1]; });
    return status;
  }
  function pageFor(doc, on) {
    if (!on) return doc.k;
    var key = IDX.acts[doc.a][0];
    IDX.acts[doc.a].forEach(function (d) { if (d <= on) key = d; });
    return key;
  }
  window.NB_search = search;
  window.NB_kkStem = kkStem;
  window.NB_resolve = function (lang, word) { return resolve(lang, tokens(word)[0]).map(function (t) { return IDX.terms[lang][t]; }); };

  // ---- the page ------------------------------------------------------------------
  var form = document.getElementById("search-form");
  if (!form) return;
  var root = form.getAttribute("data-root") || "";
  // the interface strings (app.js, static/i18n.js); a hit's status as the unit's page words it
  var t = window.NB_t || function (k) { return k; }, fmt = window.NB_fmt || function (d) { return d; };
  function label(status) { return t("search.status." + status) || t("status." + status) || status; }

  function snippet(doc, marks, el) {
    var text = doc.x, parts = [], last = 0, hitAt = -1;
    doc.toks.forEach(function (t) {
      if (t.ids.some(function (x) { return marks && marks[x]; })) {
        if (hitAt < 0) hitAt = t.start;
        parts.push([text.slice(last, t.start), false], [text.slice(t.start, t.end), true]);
        last = t.end;
      }
    });
    parts.push([text.slice(last), false]);
    var from = text.length > 320 && hitAt > 120 ? hitAt - 100 : 0, pos = 0;
    if (from) el.appendChild(document.createTextNode("…"));
    parts.forEach(function (p) {
      var s = p[0], a = pos, b = pos + s.length;
      pos = b;
      if (b <= from) return;
      if (a < from) s = s.slice(from - a);
      if (!s) return;
      if (p[1]) { var m = document.createElement("mark"); m.textContent = s; el.appendChild(m); }
      else el.appendChild(document.createTextNode(s));
    });
  }
  function run() {
    var q = form.elements.q.value, lang = form.elements.lang.value, on = form.elements.on.value;
    var list = document.getElementById("results"), status = document.getElementById("search-status");
    list.textContent = "";
    if (!q.trim()) { status.textContent = ""; return; }
    var res = search(q, { lang: lang, on: on });
    if (res.error) { status.textContent = t("search.bad", {e: res.error}); return; }
    var hits = res.hits.slice(0, 50);
    status.textContent = t((on ? "search.count_on" : "search.count") + (res.hits.length === 1 ? "1" : ""),
                           {n: res.hits.length, d: fmt(on)}) +
      (res.hits.length > hits.length ? t("search.first", {n: hits.length}) : "") + ".";
    hits.forEach(function (h) {
      var d = h.doc, li = document.createElement("li"), head = document.createElement("p"), a = document.createElement("a");
      head.className = "result-head";
      a.href = root + "acts/" + d.a + "/" + pageFor(d, on) + "/index.html" + (on ? "?on=" + on : "") + "#" + d.u;
      a.textContent = d.a + " " + d.u;
      head.appendChild(a);
      var lg = document.createElement("span");
      lg.className = "lang-tag";
      lg.textContent = d.l;
      head.appendChild(lg);
      li.appendChild(head);
      var meta = document.createElement("p");
      meta.className = "meta";
      meta.setAttribute("data-status", h.status);
      meta.textContent = (on ? t("search.on", {d: fmt(on)}) : t("cell.latest")) + " · " + label(h.status) + " · " +
        (d.w && d.w[0] ? t("search.since", {d: d.w[0]}) : t("search.since_act")) +
        (d.w && d.w[1] ? t("search.until", {d: d.w[1]}) : "") + " · " + d.s;
      li.appendChild(meta);
      var p = document.createElement("p");
      p.className = "wording";
      p.setAttribute("lang", d.l);
      snippet(d, h.marks, p);
      li.appendChild(p);
      list.appendChild(li);
    });
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var params = new URLSearchParams();
    ["q", "lang", "on"].forEach(function (k) { if (form.elements[k].value) params.set(k, form.elements[k].value); });
    try { history.replaceState(null, "", "?" + params.toString()); } catch (e) { /* file:// in some browsers */ }
    run();
  });
  var params = new URLSearchParams(location.search);
  ["q", "lang", "on"].forEach(function (k) { if (params.get(k)) form.elements[k].value = params.get(k); });
  if (params.get("q")) run();
})();
