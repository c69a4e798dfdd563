// Client-side search over window.NB_INDEX (built by normbase.search.export with the same
// analysis as the CLI: Russian lemmas, Kazakh stems, folding; typos via edit distance).
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.NB_INDEX) return;
  var IDX = window.NB_INDEX;

  var LOOKALIKE = { a: "а", e: "е", o: "о", p: "р", c: "с", x: "х", y: "у", i: "і", k: "к", m: "м", h: "һ", t: "т", b: "в" };
  function fold(w) {
    w = w.toLowerCase().replace(/ё/g, "е");
    if (/[а-яәғқңөұүһі]/.test(w)) w = w.replace(/[aeopcxyikmhtb]/g, function (ch) { return LOOKALIKE[ch] || ch; });
    return w;
  }
  function tokens(q) {
    var out = [], re = /"([^"]*)"|(-?)([^\s"]+)/g, m;
    while ((m = re.exec(q))) {
      if (m[1] !== undefined) out.push({ phrase: m[1].split(/\s+/).filter(Boolean).map(fold) });
      else out.push({ word: fold(m[3].replace(/^[№N]$/i, "№")), not: m[2] === "-" });
    }
    return out;
  }
  function edits(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var c = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) c = Math.min(c, prev[j - 2] + 1);
        cur.push(c);
        if (c < best) best = c;
      }
      if (best > max) return max + 1;
      prev = cur;
    }
    return prev[b.length];
  }
  // surface word -> analysed terms, per language; unknown words: closest vocabulary words
  function terms(word, lang) {
    var vocab = IDX.vocab[lang] || {};
    if (vocab[word]) return vocab[word];
    var max = word.length > 7 ? 2 : word.length > 4 ? 1 : 0, found = {};
    if (!max) return [];
    Object.keys(vocab).forEach(function (w) {
      if (edits(word, w, max) <= max) vocab[w].forEach(function (t) { found[t] = true; });
    });
    return Object.keys(found);
  }
  function search(q, lang, on) {
    var parts = tokens(q), langs = lang ? [lang] : ["kk", "ru"], scores = {};
    if (!parts.length) return [];
    langs.forEach(function (l) {
      var must = null;
      parts.forEach(function (p) {
        var words = p.phrase || [p.word], hit = {};
        words.forEach(function (w) {
          terms(w, l).forEach(function (t) {
            (IDX.terms[l + ":" + t] || []).forEach(function (posting) {
              var d = posting[0];
              hit[d] = (hit[d] || 0) + posting[1] * (IDX.idf[l + ":" + t] || 1);
            });
          });
        });
        if (p.not) { Object.keys(hit).forEach(function (d) { if (must) delete must[d]; hit[d] = -1; }); return; }
        if (p.phrase) {
          Object.keys(hit).forEach(function (d) {
            var text = fold(IDX.docs[d].text);
            if (text.indexOf(words.join(" ")) < 0 && words.length > 1) {
              // allow inflected phrases: every word's stem in order
              var pos = 0, ok = true;
              words.forEach(function (w) { var k = text.indexOf(w.slice(0, Math.max(3, w.length - 3)), pos); if (k < 0) ok = false; else pos = k; });
              if (!ok) delete hit[d];
            }
          });
        }
        if (must === null) must = hit;
        else Object.keys(must).forEach(function (d) { if (!(d in hit)) delete must[d]; else must[d] += hit[d]; });
      });
      Object.keys(must || {}).forEach(function (d) {
        var doc = IDX.docs[d];
        if (must[d] <= 0) return;
        if (on && !((!doc.from || doc.from <= on) && (!doc.to || on < doc.to))) return;
        if (!on && doc.to) return;  // by default: the latest wording of every unit
        scores[d] = must[d];
      });
    });
    return Object.keys(scores).sort(function (a, b) { return scores[b] - scores[a] || a - b; }).map(function (d) { return IDX.docs[d]; });
  }
  window.NB_search = search;

  function run() {
    var q = form.elements.q.value, lang = form.elements.lang.value, on = form.elements.on.value;
    var list = document.getElementById("results"), status = document.getElementById("search-status");
    list.textContent = "";
    var hits = search(q, lang, on).slice(0, 50);
    status.textContent = hits.length + " results";
    hits.forEach(function (doc) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = doc.url;
      a.textContent = doc.act + " " + doc.address + " [" + doc.lang + "]";
      li.appendChild(a);
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = " " + (doc.from || "…") + " → " + (doc.to || "latest") + " · " + doc.certainty;
      li.appendChild(meta);
      var p = document.createElement("p");
      p.setAttribute("lang", doc.lang);
      p.textContent = doc.text.length > 300 ? doc.text.slice(0, 300) + "…" : doc.text;
      li.appendChild(p);
      list.appendChild(li);
    });
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var params = new URLSearchParams();
    ["q", "lang", "on"].forEach(function (k) { if (form.elements[k].value) params.set(k, form.elements[k].value); });
    history.replaceState(null, "", "?" + params.toString());
    run();
  });
  var params = new URLSearchParams(location.search);
  ["q", "lang", "on"].forEach(function (k) { if (params.get(k)) form.elements[k].value = params.get(k); });
  if (params.get("q")) run();
})();
