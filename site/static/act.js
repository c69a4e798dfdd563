// normbase site: the act page on any date. acts/<act>/timelines.js calls NB_timelines(data)
// with what normbase.query.answer says of every unit on every interval of the act's
// breakpoints (see src/normbase/site/act_data.py); from it this script shows the act on the
// date the reader picks (?on=YYYY-MM-DD&view=kk|ru, kept in the address with
// history.replaceState, no page load), the titles and the table of contents of that date, and
// each unit's history in a panel. Nothing here computes a status: it only picks the interval
// holding the date. Plain script, no dependencies; works from file:// and any static host.
(function () {
  "use strict";
  var ISO = /^\d{4}-\d{2}-\d{2}$/;
  var MARK = "\ue000";   // where an answer's reason names the date asked
  var SINCE = {deleted: "deleted", unknown: "the wording unknown", not_in_force: "not in force"};
  var LANGS = {kk: "Қазақша", ru: "Русский"};
  var GAP = {deleted: "Deleted", not_in_force: "Not in force", unknown: "Wording unknown"};
  var GAP_LOCAL = {deleted: ["алып тасталды", "исключён"], not_in_force: ["күшінде емес", "не действует"],
    unknown: ["мәтіні белгісіз", "текст неизвестен"]};
  var STATUS = {in_force: "in force", uncertain: "uncertain", unknown: "wording unknown", deleted: "deleted",
    not_in_force: "not in force"};
  var KIND = {window: "entered into force on an unknown date ≥ {d}", presumed: "presumed from a later consolidated text ({d})",
    sequence: "order of changes not proven"};

  function esc(s) {
    return String(s === null || s === undefined ? "" : s).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }
  function validDay(d) {
    if (!ISO.test(d || "")) return false;
    var x = new Date(d + "T00:00:00Z");
    return !isNaN(x) && x.toISOString().slice(0, 10) === d;
  }
  function onTime(d) { return '<time class="nb-on" datetime="' + d + '">' + d + "</time>"; }
  // the answer on day d: the interval [from, until) holding it
  function at(ivs, d) {
    for (var i = 0; i < ivs.length; i++) {
      var x = ivs[i];
      if ((x[0] === null || x[0] <= d) && (x[1] === null || d < x[1])) return x;
    }
    return ivs[ivs.length - 1];
  }
  function badges(list, status) {
    return list.map(function (b) {
      var kind = b[0], d = b[1], key = status === "uncertain" ? "kind." + kind : "status." + kind;
      var text = status === "uncertain" ? KIND[kind].replace("{d}", d) : STATUS[kind];
      return '<span class="badge badge-' + status + " kind-" + kind + '" data-t="' + key + '" data-d="' + esc(d) + '">' +
        esc(text) + "</span>";
    }).join(" ");
  }
  function win(w) {
    return w ? '<span class="when' + (w[1] ? "" : " when-uncertain") + '" title="' + esc(w[2]) + '">' + esc(w[0]) + "</span>" : "";
  }
  function withDate(url, d, view) {   // a link to an act page, for the date shown
    if (!url) return url;
    var cut = url.indexOf("#"), base = cut < 0 ? url : url.slice(0, cut), hash = cut < 0 ? "" : url.slice(cut);
    var q = [];
    if (d) q.push("on=" + d);
    if (view && view !== "index") q.push("view=" + view);
    return base + (q.length ? "?" + q.join("&") : "") + hash;
  }
  function source(v) {
    var s = v.src;
    if (!s) return "";
    var out = '<span class="source"><span data-t="source">source:</span> ' +
      (s.u ? '<a href="' + esc(s.u) + '">' + esc(s.d) + "</a>" : esc(s.d)) +
      (s.lu ? ' (<a class="lines" href="' + esc(s.lu) + '">' + esc(s.lt) + "</a>)" : "") + "</span>";
    s.n.forEach(function (n) { out += '<span class="footnote" lang="' + n[1] + '">' + esc(n[0]) + "</span>"; });
    return out;
  }
  function paragraphs(v, d, view) {
    if (v.g) {
      return v.g.map(function (para) {
        return '<p class="wording">' + para.map(function (s) {
          if (s[1]) return '<a class="ref" href="' + esc(withDate(s[1], d, view)) + '" title="' + esc(s[2]) + '">' + esc(s[0]) + "</a>";
          if (s[2]) return '<span class="ref ref-external" title="' + esc(s[2]) + '">' + esc(s[0]) + "</span>";
          return esc(s[0]);
        }).join("") + "</p>";
      }).join("");
    }
    return v.x.split("\n").map(function (p) { return '<p class="wording">' + esc(p) + "</p>"; }).join("");
  }
  function gapKind(status, state) {
    if (status === "deleted" || state === "deleted") return "deleted";
    if (status === "not_in_force" || state === "absent") return "not_in_force";
    return "unknown";
  }
  // one language's cell of a unit on day d, as macros.html's cell() draws the latest one
  function cellHtml(L, lang, d, view) {
    var x = at(L.i, d), v = L.v[x[2]], status = x[3], has = x[6];
    var body;
    if (has && v.x) body = paragraphs(v, d, view);
    else {
      var g = gapKind(status, v.s);
      body = '<p class="gap gap-' + g + '"><span lang="en" data-t="gap.' + g + '">' + GAP[g] + "</span> · " +
        GAP_LOCAL[g][lang === "kk" ? 0 : 1] + "</p>";
    }
    var asked = '<span class="asked" data-t="cell.on">on ' + onTime(d) + "</span>";
    var since = v.f ? '<span data-t="since.' + (SINCE[status] ? status : "in_force") + '">' + asked + " — " +
        (SINCE[status] || "the wording in force") + " since " + win(v.f) + "</span>"
      : has ? '<span data-t="since.act">' + asked + " — the wording in force since the act took effect</span>" : asked;
    if (v.t) since += '<span data-t="until">, until ' + win(v.t) + "</span>";
    var by = v.by || ["", ""];
    var reason = x[4] ? '<p class="reason" lang="en">' + esc(x[4]).split(MARK).join(onTime(d)) + "</p>" : "";
    return '<div class="cell status-' + status + '" lang="' + lang + '">' + body +
      '<p class="meta" lang="en" data-by="' + esc(by[0]) + '" data-by-date="' + esc(by[1]) + '">' +
      badges(x[5], status) + " " + since + " " + source(v) + "</p>" + reason + "</div>";
  }
  function dayIndex(days, d) {
    var n = -1;
    days.forEach(function (x, i) { if (x <= d) n = i; });
    return n;
  }
  function pairOn(u, n) {
    var found = null;
    (u.p || []).forEach(function (p) { if (p[0] === n) found = p; });
    return found;
  }

  var page = document.querySelector(".act-page");
  var data = null, state = {on: null, view: "index"}, saved = {};
  // timelines.js is packed (act_data.packed_data): shared strings, windows and badge lists stored
  // once and referred to by index, interval bounds as indices of days, sources as their fields,
  // a version's order's number and date once per order ("ob"); unpack gives the data back
  var V_STR = ["s", "x", "o", "r"], V_WIN = ["f", "t"], V_ALL = ["s", "x", "f", "t", "src", "o", "by", "r", "pf", "g"];
  var V_PACK = ["s", "r", "x", "src", "f", "t", "o", "pf", "g"];   // a packed version: its values in this order
  // A source packed as its fields (act_data._packed_source): [kind, act, lang, address, first line,
  // last line, notes] gives the words and links act_data._source_of makes from them.
  var SRC_KINDS = ["order", "snapshot", "original"], UP = "../../";
  function sourceOf(x, S) {
    if (!Array.isArray(x)) return x;
    var kind = SRC_KINDS[x[0]], act = S(x[1]), lang = S(x[2]), address = S(x[3]), a = x[4], b = x[5];
    var where = address ? " " + address : "", lines = a !== null && a !== undefined;
    var words = kind === "order" ? "order " + act + " [" + lang + "]" + where
      : kind === "snapshot" ? "consolidated text of " + act + " [" + lang + "]" + where
      : "original text of " + act + " [" + lang + "]";
    return {d: words, u: kind === "order" ? UP + "orders/" + act + ".html" + (address ? "#" + lang + "-" + address : "") : null,
      lu: lines ? UP + "sources/" + act + "/" + lang + ".html?lines=" + a + "-" + b + "#L" + a : null,
      lt: lines ? "lines " + a + "-" + b : null, n: x.length > 6 ? x[6] : []};
  }
  // A version whose "x" is PAGE_TEXT has the wording the page shows for its unit in its
  // language (act_data.page_wordings): its cell's paragraphs, read before any is redrawn.
  var PAGE_TEXT = -1;
  function pageText(a, lang) {
    var art = document.getElementById(a), cell = art && art.querySelector('.cell[lang="' + lang + '"]');
    var paras = cell ? cell.querySelectorAll(".wording") : [];
    return paras.length ? Array.prototype.map.call(paras, function (x) { return x.textContent; }).join("\n") : null;
  }
  function unpack(p) {
    var s = p.s, ob = p.ob || {};
    function S(i) { return i === null || i === undefined ? null : s[i]; }
    function version(row, a, lang) {
      var out = {}, v = {};
      V_PACK.forEach(function (k, i) { if (i < row.length) v[k] = row[i]; });
      V_ALL.forEach(function (k) { out[k] = v[k] === undefined ? null : v[k]; });
      V_STR.forEach(function (k) { out[k] = out[k] === PAGE_TEXT ? pageText(a, lang) : S(out[k]); });
      V_WIN.forEach(function (k) { if (out[k] !== null) { var w = p.w[out[k]]; out[k] = [S(w[0]), w[1], S(w[2])]; } });
      out.src = sourceOf(out.src, S);
      out.by = out.o !== null && Object.prototype.hasOwnProperty.call(ob, out.o) ? ob[out.o] : null;   // (its order's)
      return out;
    }
    function bound(b) { return typeof b === "number" ? p.days[b] : b; }
    function interval(x) { return [bound(x[0]), bound(x[1]), x[2], S(x[3]), S(x[4]), p.b[x[5]], x[6]]; }
    p.units.forEach(function (u) {
      ["kk", "ru"].forEach(function (l) {
        u[l] = {v: u[l].v.map(function (row) { return version(row, u.a, l); }), i: u[l].i.map(interval)};
      });
      if (u.p) u.p = u.p.map(function (x) { return [x[0], S(x[1]), x[2].map(S)]; });
    });
    delete p.s; delete p.w; delete p.b; delete p.ob;
    return p;
  }
  window.NB_unpackTimelines = unpack;   // (the browser tests compare it with act_data.unpack)
  window.NB_timelines = function (d) { data = unpack(d); if (page) start(); };
  if (!page) return;

  // The unit history panel (closed until a unit's history link is followed): made here, not in
  // every act page, as only this script can fill it; the legend is the page's, copied when it opens.
  var PANEL = [
    '<section class="history-panel" id="history" aria-labelledby="history-head" tabindex="-1" hidden>',
    '<header class="history-head">',
    '<h2 id="history-head"><span data-t="unit.kicker">unit history</span> <code class="history-address"></code> ' +
      '<span class="num history-label"></span></h2>',
    '<button type="button" class="history-close" data-t="history.close">close</button>',
    '</header>',
    '<section class="cited-by" aria-labelledby="cited-by-head">',
    '<h3 id="cited-by-head" class="small-head" data-t="history.cited_by">Cited by</h3>',
    '<div class="cited-by-list"></div>',
    '</section>',
    '<details class="legend-box"><summary data-t="history.legend">What the badges mean</summary></details>',
    '<div class="history"></div>',
    '<section class="compare" aria-labelledby="compare-head">',
    '<h3 id="compare-head" data-t="compare.head">Compare two dates</h3>',
    '<form id="compare-form">',
    '<label for="cmp-lang" data-t="compare.lang">Language</label>',
    '<select id="cmp-lang" name="lang"><option value="kk">Қазақша</option><option value="ru">Русский</option>' +
      '</select>',
    '<label for="cmp-from" data-t="compare.from">From</label> ' +
      '<input type="date" id="cmp-from" name="from" required>',
    '<label for="cmp-to" data-t="compare.to">To</label> <input type="date" id="cmp-to" name="to" required>',
    '<button type="submit" data-t="compare.button">Compare</button>',
    '</form>',
    '<div id="compare-result" aria-live="polite"></div>',
    '</section>',
    '</section>'
  ].join("\n");
  if (!page.querySelector(".history-panel")) page.insertAdjacentHTML("beforeend", PANEL);

  // The static page says a cell's start short ("in force as of the latest source, since X ·
  // order …": macros.html's since); written out here as a dated cell says it (cellHtml): "as of
  // the latest source — the wording in force since X", "source:" before the source. Its order's number and date (the
  // citation's: app.js) are the latest version's, from the data (setBy).
  function expandMeta(meta) {
    var status = (/\bstatus-(\w+)/.exec(meta.parentNode.className) || [])[1];
    var from = meta.querySelector(".from"), when = from && from.querySelector(".when");
    var asked = '<span class="asked">as of the latest source</span>';
    var since = when ? '<span class="since">' + asked + " — " + (SINCE[status] || "the wording in force") + " since " +
        when.outerHTML + "</span>"
      : from && / since /.test(from.textContent) ? '<span class="since">' + asked +
        " — the wording in force since the act took effect</span>" : asked;
    var src = meta.querySelector(".source");
    if (src) {
      var sep = src.previousSibling;   // the " · " before it
      if (sep && sep.nodeType === 3) sep.textContent = " ";
      src.insertAdjacentHTML("afterbegin", "<span>source:</span> ");
    }
    if (from) from.outerHTML = since;
  }
  page.querySelectorAll(".units .cell > .meta").forEach(function (m) { if (!m.querySelector(".asked")) expandMeta(m); });
  var shortForm = page.querySelector('.legend [data-t="legend.since.form"]');   // (what it explains is gone)
  if (shortForm) shortForm.closest("div").hidden = true;
  function setBy(by) {
    page.querySelectorAll(".units article.unit").forEach(function (art) {
      var u = by[art.id];
      if (!u) return;
      art.querySelectorAll(".cell").forEach(function (c) {
        var vs = u[c.getAttribute("lang")].v, b = vs[vs.length - 1].by, meta = c.querySelector(".meta");
        if (b && b[0] && meta) { meta.setAttribute("data-by", b[0]); meta.setAttribute("data-by-date", b[1]); }
      });
    });
  }

  var units = page.querySelector(".units"), input = document.getElementById("date");
  var askedNote = page.querySelector(".asked-note"), latestNote = page.querySelector(".latest-note");
  var problem = page.querySelector(".date-problem"), latestBtn = page.querySelector(".latest-btn");

  function unitsByAddress() {
    var out = {};
    data.units.forEach(function (u) { out[u.a] = u; });
    return out;
  }
  function setUrl(extra) {
    var q = [];
    if (state.on) q.push("on=" + state.on);
    if (state.view !== "index") q.push("view=" + state.view);
    if (extra) q.push(extra);
    var url = location.pathname + (q.length ? "?" + q.join("&") : "") + location.hash;
    try { history.replaceState(null, "", url); } catch (e) { /* an address the browser refuses: the page still shows the date */ }
    if (window.NB_printMeta) window.NB_printMeta();
  }
  function setView(view) {
    state.view = /^(kk|ru)$/.test(view || "") ? view : "index";
    page.setAttribute("data-view", state.view);
    units.classList.toggle("side-by-side", state.view === "index");
    units.classList.toggle("single", state.view !== "index");
    page.querySelectorAll(".views a").forEach(function (a) {
      if (a.getAttribute("data-view") === state.view) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
    page.querySelectorAll(".ref").forEach(function (a) {
      if (a.href) a.setAttribute("href", withDate(a.getAttribute("href").replace(/\?[^#]*/, ""), state.on, state.view));
    });
  }
  function titles(d, by) {
    var t = data.title && by[data.title];
    page.querySelectorAll(".title-block").forEach(function (b) {
      var lang = b.getAttribute("data-lang"), h = b.querySelector("h1"), note = b.querySelector(".title-note");
      if (!note) { note = document.createElement("p"); note.className = "title-note"; b.appendChild(note); }
      var x = t ? at(t[lang].i, d) : null, v = x ? t[lang].v[x[2]] : null;
      if (x && x[6] && v.x) {
        h.textContent = v.x;
        note.innerHTML = x[3] !== "in_force" ? badges(x[5], x[3]) : "";
      } else {
        h.textContent = b.getAttribute("data-meta");
        note.innerHTML = '<span data-t="title.latest">the title\'s wording on this date is not known: shown as of the latest source</span>';
      }
      note.hidden = !note.innerHTML;
    });
  }
  function toc(d, by) {
    page.querySelectorAll(".toc li").forEach(function (li) {
      var u = by[li.getAttribute("data-a")];
      if (!u) return;
      var ru = at(u.ru.i, d), kk = at(u.kk.i, d);
      var pick = ru[6] ? ["ru", ru] : kk[6] ? ["kk", kk] : ["ru", ru];
      var v = u[pick[0]].v[pick[1][2]], span = li.querySelector(".toc-text");
      var text = pick[1][6] && v.x ? v.x.split("\n")[0] : "";
      span.textContent = text.length > 90 ? text.slice(0, 89).replace(/\s+\S*$/, "") + " …" : text;
      span.setAttribute("lang", pick[0]);
      var num = li.querySelector(".num");   // the wording starts with its number: shown once
      if (num) num.hidden = !!text && text.indexOf(num.textContent) === 0;
      li.className = "toc-" + pick[1][3];
    });
  }
  function show(d) {
    var by = unitsByAddress(), n = dayIndex(data.days, d);
    state.on = d;
    units.querySelectorAll("article.unit").forEach(function (art) {
      var u = by[art.id];
      if (!u) return;
      art.querySelectorAll(".cell").forEach(function (c) {
        var lang = c.getAttribute("lang");
        c.outerHTML = cellHtml(u[lang], lang, d, state.view);
      });
      var p = pairOn(u, n), flag = art.querySelector(".pair-flag"), why = art.querySelector(".pair-reasons");
      art.className = art.className.replace(/\s*pair-\S+/g, "") + (p ? " pair-" + p[1] : "");
      if (flag) flag.remove();
      if (why) why.remove();
      if (p) {
        art.querySelector(".unit-head").insertAdjacentHTML("beforeend", '<span class="pair-flag pair-' + p[1] + '" data-t="pair.' + p[1] + '">' +
          esc(p[1].replace(/_/g, " ")) + "</span>");
        if (/mismatch/.test(p[1])) art.querySelector(".unit-head").insertAdjacentHTML("afterend", '<p class="pair-reasons" lang="en">' + esc(p[2].join("; ")) + "</p>");
      }
    });
    titles(d, by);
    toc(d, by);
    askedNote.hidden = false;
    latestNote.hidden = true;
    latestBtn.hidden = false;
    askedNote.querySelectorAll("time.nb-on").forEach(function (t) { t.setAttribute("datetime", d); t.textContent = d; });
    input.value = d;
    var meta = document.querySelector("meta[name=nb-title]");   // app.js's apply() writes the title from it
    if (!meta) { meta = document.createElement("meta"); meta.setAttribute("name", "nb-title"); document.head.appendChild(meta); }
    meta.setAttribute("content", "act.title_on");
    meta.setAttribute("data-n", data.act);
    meta.setAttribute("data-d", d);
    page.querySelectorAll(".versions a").forEach(function (a) {
      if (a.getAttribute("data-on") === data.days[n]) a.setAttribute("aria-current", "true"); else a.removeAttribute("aria-current");
    });
    setView(state.view);
    window.NB_i18n_apply();
  }
  function latest() {   // back to the static page: as of the latest source
    state.on = null;
    Object.keys(saved).forEach(function (k) { page.querySelector(k).innerHTML = saved[k]; });
    askedNote.hidden = true;
    latestNote.hidden = false;
    latestBtn.hidden = true;
    input.value = "";
    var meta = document.querySelector("meta[name=nb-title]");
    if (meta) meta.remove();
    document.title = data.act + " — normbase";
    page.querySelectorAll(".versions a").forEach(function (a) { a.removeAttribute("aria-current"); });
    setView(state.view);
    window.NB_i18n_apply();
  }
  function refuse(d) {
    problem.hidden = false;
    window.NB_say(problem, "act.bad_date", {d: d});
  }
  function go(d) {
    problem.hidden = true;
    if (!d) { latest(); setUrl(); return; }
    if (!validDay(d)) { refuse(d); return; }
    show(d);
    setUrl();
  }

  function start() {
    setBy(unitsByAddress());
    [".units", ".titles", ".toc"].forEach(function (k) { var el = page.querySelector(k); if (el) saved[k] = el.innerHTML; });
    var params = new URLSearchParams(location.search);
    setView(params.get("view"));
    var d = params.get("on");
    if (d && validDay(d)) show(d);
    else if (d) refuse(d);
    else window.NB_i18n_apply();
    page.querySelector(".date-form").addEventListener("submit", function (ev) { ev.preventDefault(); go(input.value); });
    input.addEventListener("change", function () { if (validDay(input.value)) go(input.value); });
    latestBtn.addEventListener("click", function () { go(null); });
    page.querySelectorAll(".views a").forEach(function (a) {
      a.addEventListener("click", function (ev) { ev.preventDefault(); setView(a.getAttribute("data-view")); setUrl(); });
    });
    page.querySelectorAll(".versions a").forEach(function (a) {
      a.addEventListener("click", function (ev) { ev.preventDefault(); go(a.getAttribute("data-on")); });
    });
    units.addEventListener("click", function (ev) {
      var link = ev.target.closest(".history-link");
      if (!link) return;
      ev.preventDefault();
      openHistory(link.closest("article.unit").id);
    });
    page.querySelector(".history-close").addEventListener("click", closeHistory);
    var h = params.get("history");
    if (h) openHistory(h);
  }

  // ---------------------------------------------------------------- the history panel
  var panel = page.querySelector(".history-panel"), current = null;

  function bar(L) {   // one segment per interval, as wide as its days (the open start: a small share)
    var ivs = L.i, first = null, end = data.end;
    ivs.forEach(function (x) { if (first === null && x[0] !== null) first = x[0]; });
    if (first === null) first = end;
    function days(a, b) { return Math.round((new Date(b) - new Date(a)) / 86400000); }
    var span = Math.max(1, days(first, end));
    return ivs.map(function (x) {
      var lo = x[0] ? days(first, x[0]) : -Math.max(30, Math.floor(span / 20)), hi = x[1] ? days(first, x[1]) : span;
      var kind = x[5][0] ? x[5][0][0] : x[3];
      var label = (x[0] || "…") + ": " + x[5].map(function (b) { return x[3] === "uncertain" ? KIND[b[0]].replace("{d}", b[1]) : STATUS[b[0]]; }).join("; ");
      return '<span class="seg seg-' + x[3] + " kind-" + kind + '" style="flex-grow: ' + Math.max(1, hi - lo) + '" title="' + esc(label) + '">' + (x[2] + 1) + "</span>";
    }).join("");
  }
  function versionsHtml(L, lang) {
    var out = "";
    L.v.forEach(function (v, j) {
      var n = j + 1, prev = j ? L.v[j - 1] : null;
      var firstDay = null;
      L.i.forEach(function (x) { if (x[2] === j && firstDay === null) firstDay = x[0]; });
      out += '<li class="version state-' + v.s + '" id="' + lang + "-v" + n + '">';
      out += '<p class="meta" lang="en"><span class="vno">' + n + "</span> " +
        (v.f ? '<span data-t="unit.from">from ' + win(v.f) + "</span>" : '<span data-t="unit.from_first">from the act\'s first day</span>') +
        (v.t ? '<span data-t="unit.until"> until ' + win(v.t) + "</span>" : '<span data-t="unit.until_latest"> — the latest source</span>') +
        (firstDay ? ' · <a href="?on=' + firstDay + "#" + esc(current) + '" class="show-on" data-on="' + firstDay + '" data-t="history.show_on" data-d="' + firstDay + '">show the act on ' + firstDay + "</a>" : "") + "</p>";
      if (v.src) out += '<p class="meta" lang="en">' + source(v) + "</p>";
      if (v.s === "text" && v.x) {
        out += paragraphs(v, state.on, state.view);
        if (prev && prev.x) {
          out += '<details class="changes" open><summary lang="en" data-t="unit.changes" data-n="' + (n - 1) + '">Changes from version ' + (n - 1) + '</summary><p class="redline">' +
            wordDiff(prev.x.split(/\s+/), v.x.split(/\s+/)).map(function (op) {
              var tag = op[0] === "=" ? "span" : op[0] === "-" ? "del" : "ins";
              return "<" + tag + ">" + esc(op[1]) + "</" + tag + ">";
            }).join(" ") + "</p></details>";
        } else if (prev && prev.s === "unknown") {
          out += '<p class="reason" lang="en" data-t="unit.before_unknown">The wording before this version is unknown, so there is nothing to compare it with.</p>';
        }
      } else {
        var g = {unknown: "unknown", deleted: "deleted", absent: "absent"}[v.s] || "unknown";
        out += '<p class="gap gap-' + g + '" lang="en" data-t="gap.' + g + '">' + ({unknown: "Wording unknown", deleted: "Deleted", absent: "Not in the act"})[g] + "</p>";
      }
      if (v.r) out += '<p class="reason" lang="en">' + esc(v.r) + "</p>";
      var said = L.i.filter(function (x) { return x[2] === j; });
      if (said.length) {
        out += '<ul class="answers" lang="en" aria-label="The answer on each day" data-t-aria="unit.answers">';
        said.forEach(function (x) {
          var last = x[1] ? new Date(new Date(x[1] + "T00:00:00Z") - 86400000).toISOString().slice(0, 10) : null;
          var when = x[0] && last ? '<span data-t="days.range" data-args=\'' + JSON.stringify({a: x[0], b: last}) + "'>" + x[0] + " to " + last + "</span>"
            : x[0] ? '<span data-t="days.on" data-d="' + x[0] + '">' + x[0] + " on</span>"
            : '<span data-t="days.before" data-d="' + x[1] + '">before ' + x[1] + "</span>";
          out += "<li>" + when + ": " + badges(x[5], x[3]) + ' <span class="reason-text" lang="en">' + esc(x[4].split(MARK).join("that day")) + "</span></li>";
        });
        out += "</ul>";
      }
      out += "</li>";
    });
    return out;
  }
  function openHistory(address) {
    var u = unitsByAddress()[address];
    if (!u) return;
    var box = panel.querySelector(".legend-box"), legend = page.querySelector(".when-note .legend");
    if (legend && !box.querySelector(".legend")) box.appendChild(legend.cloneNode(true));   // once in the page
    current = address;
    panel.querySelector(".history-address").textContent = address;
    panel.querySelector(".history-label").textContent = u.n || "";
    var list = panel.querySelector(".cited-by-list");
    list.innerHTML = u.cb ? "<ul>" + u.cb.map(function (c) {
      return '<li><a href="' + esc(withDate(c[4], state.on, state.view)) + '">' + esc(c[0]) + " <code>" + esc(c[1]) + "</code></a> [" + c[2] + '] <span lang="' + c[2] + '">«' + esc(c[3]) + "»</span></li>";
    }).join("") + "</ul>" : '<p data-t="history.cited_none">No unit in the corpus cites this unit.</p>';
    panel.querySelector(".history").innerHTML = ["kk", "ru"].map(function (lang) {
      return '<section class="timeline" lang="' + lang + '" data-lang="' + lang + '" aria-labelledby="h-' + lang + '"><h3 id="h-' + lang + '">' + LANGS[lang] + "</h3>" +
        '<div class="bar" aria-hidden="true">' + bar(u[lang]) + "</div>" +
        '<ol class="versions-list">' + versionsHtml(u[lang], lang) + "</ol></section>";
    }).join("");
    document.getElementById("compare-result").textContent = "";
    panel.hidden = false;
    document.body.classList.add("history-open");
    panel.querySelectorAll(".show-on").forEach(function (a) {
      a.addEventListener("click", function (ev) { ev.preventDefault(); go(a.getAttribute("data-on")); openHistory(current); });
    });
    setUrl("history=" + encodeURIComponent(address));
    window.NB_i18n_apply();
    panel.focus();
  }
  function closeHistory() {
    panel.hidden = true;
    document.body.classList.remove("history-open");
    setUrl();
    var art = current && document.getElementById(current);
    current = null;
    var link = art && art.querySelector(".history-link");
    if (link) link.focus();
  }
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && !panel.hidden) closeHistory(); });

  // Compare the unit's wording on two dates, word by word (the answers of the data file).
  var compare = document.getElementById("compare-form");
  compare.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var lang = compare.elements.lang.value, a = compare.elements.from.value, b = compare.elements.to.value;
    var out = document.getElementById("compare-result");
    out.textContent = "";
    var u = current && unitsByAddress()[current];
    if (!u) return;
    var L = u[lang];
    function describe(day, x) {
      var p = document.createElement("p");
      p.className = "meta";
      var link = document.createElement("a");
      link.href = "#" + lang + "-v" + (x[2] + 1);
      link.textContent = window.NB_t("compare.version", {n: x[2] + 1});
      p.appendChild(document.createTextNode(window.NB_fmt(day) + ": "));
      p.appendChild(link);
      var words = x[5].map(function (b) { return window.NB_t(x[3] === "uncertain" ? "kind." + b[0] : "status." + b[0], {d: window.NB_fmt(b[1])}); }).join("; ");
      p.appendChild(document.createTextNode(" — " + words + (x[4] ? ": " + x[4].split(MARK).join(day) : "")));
      return p;
    }
    function wording(x) { return x[6] ? L.v[x[2]].x : null; }
    if (!validDay(a) || !validDay(b)) { out.textContent = window.NB_t("compare.pick"); return; }
    var va = at(L.i, a), vb = at(L.i, b);
    out.appendChild(describe(a, va));
    out.appendChild(describe(b, vb));
    var ta = wording(va), tb = wording(vb);
    var msg = document.createElement("p");
    if (va[2] === vb[2] && va[3] === vb[3]) { msg.textContent = window.NB_t("compare.same"); out.appendChild(msg); return; }
    if (!ta || !tb) { msg.textContent = window.NB_t("compare.nothing", {d: window.NB_fmt(!ta ? a : b)}); out.appendChild(msg); return; }
    var p = document.createElement("p");
    p.className = "redline";
    p.setAttribute("lang", lang);
    wordDiff(ta.split(/\s+/), tb.split(/\s+/)).forEach(function (op) {
      var el = document.createElement(op[0] === "=" ? "span" : op[0] === "-" ? "del" : "ins");
      el.textContent = op[1];
      p.appendChild(el);
      p.appendChild(document.createTextNode(" "));
    });
    out.appendChild(p);
  });

  // Longest-common-subsequence word diff: [["=", word] | ["-", word] | ["+", word]].
  function wordDiff(a, b) {
    var n = a.length, m = b.length, i, j, dp = [];
    for (i = 0; i <= n; i++) dp.push(new Array(m + 1).fill(0));
    for (i = n - 1; i >= 0; i--) for (j = m - 1; j >= 0; j--)
      dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
    var out = [];
    i = 0; j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i] === b[j]) { out.push(["=", a[i]]); i++; j++; }
      else if (i < n && (j >= m || dp[i + 1][j] >= dp[i][j + 1])) { out.push(["-", a[i]]); i++; }
      else { out.push(["+", b[j]]); j++; }
    }
    return out;
  }
  window.NB_wordDiff = wordDiff;
})();

