// normbase site search, the page: the form, the hits with their status and snippet, and
// "More results" (static/search.js's NB_search does the search).
(function () {
  "use strict";
  var search = window.NB_search, PAGE = 10;
  if (!search) return;
  var form = document.getElementById("search-form");
  if (!form) return;
  var root = form.getAttribute("data-root") || "";
  // the interface strings (app.js, static/i18n.js); a hit's status as the unit's page words it
  var t = window.NB_t || function (k) { return k; }, fmt = window.NB_fmt || function (d) { return d; };
  function label(status) { return t("search.status." + status) || t("status." + status) || status; }

  // the act page on a day that shows this wording: the day asked; else, for a former
  // wording, the first day it is the answer; nothing for a current one (docs/site contract)
  function link(doc, on) {
    var day = on;
    if (!day && doc.t) {
      doc.z.forEach(function (seg) { if (!day && seg[1] !== null) day = seg[0]; });
      day = day || doc.f;
    }
    return root + "acts/" + doc.a + "/index.html" + (day ? "?on=" + day : "") + "#" + doc.u;
  }
  function snippet(doc, marks, el) {
    var text = doc.x, parts = [], last = 0, hitAt = -1, start = 0, o = doc.o;
    for (var i = 0, k = 0; i < o.length; i += 2, k++) {
      start += o[i];
      var end = start + o[i + 1];
      if (marks[k]) {
        if (hitAt < 0) hitAt = start;
        parts.push([text.slice(last, start), false], [text.slice(start, end), true]);
        last = end;
      }
      start = end;
    }
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
  function show(list, hits, on) {
    hits.forEach(function (h) {
      var d = h.doc, li = document.createElement("li"), head = document.createElement("p"), a = document.createElement("a");
      head.className = "result-head";
      a.href = link(d, on);
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
  var runs = 0;
  async function run() {
    var q = form.elements.q.value, lang = form.elements.lang.value, on = form.elements.on.value, mine = ++runs;
    var list = document.getElementById("results"), status = document.getElementById("search-status");
    var more = document.getElementById("search-more");
    list.textContent = "";
    more.hidden = true;
    if (!q.trim()) { status.textContent = ""; return; }
    var res;
    try { res = await search(q, { lang: lang, on: on }); } catch (e) { status.textContent = t("search.failed"); throw e; }
    if (mine !== runs) return;   // a later query was typed meanwhile
    if (res.error) { status.textContent = t("search.bad", {e: res.error}); return; }
    function say() {
      var n = res.total, shown = list.children.length;
      status.textContent = n === null
        ? t("search.count_some", {n: shown})
        : t((on ? "search.count_on" : "search.count") + (n === 1 ? "1" : ""), {n: n, d: fmt(on)}) +
          (n > shown ? t("search.first", {n: shown}) : "") + ".";
      more.hidden = n !== null && shown >= n;
    }
    show(list, res.hits, on);
    say();
    more.onclick = async function () {
      var hits = await res.more(PAGE);
      if (mine !== runs) return;
      show(list, hits, on);
      if (!hits.length && res.done()) res.total = list.children.length;
      say();
    };
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
