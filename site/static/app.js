
// The interface language (kk, ru, en): chosen by the reader and remembered (localStorage),
// by default the browser's. An element with data-t="key" shows the string of that key in
// static/i18n.js (built from site/i18n/<lang>.json, one table per language): {d} is a date
// (data-d), {n} a number (data-n), {0} {1} … the element's child elements in order (the
// string says where they go). Legal text keeps its own lang attribute and is never translated.
(function () {
  "use strict";
  var T = window.NB_I18N || {en: {}};
  var KEY = "nb-ui-lang";
  function stored() { try { return localStorage.getItem(KEY); } catch (e) { return null; } }
  function choose() {
    var s = stored();
    if (s && T[s]) return s;
    var prefs = navigator.languages || [navigator.language || "en"];
    for (var i = 0; i < prefs.length; i++) { var l = String(prefs[i]).slice(0, 2).toLowerCase(); if (T[l]) return l; }
    return "en";
  }
  var lang = choose();
  function fmt(d, l) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d || "")) return d || "";
    return (T[l || lang] || {})["date.format"] === "dmy" ? d.slice(8, 10) + "." + d.slice(5, 7) + "." + d.slice(0, 4) : d;
  }
  function t(key, args, l) {
    l = l || lang;
    var s = (T[l] && T[l][key] !== undefined) ? T[l][key] : (T.en || {})[key];
    if (s === undefined) return null;
    Object.keys(args || {}).forEach(function (k) { s = s.split("{" + k + "}").join(args[k]); });
    return s;
  }
  function argsOf(el) {
    var a = {d: fmt(el.getAttribute("data-d")), n: el.getAttribute("data-n") || ""};
    var more = el.getAttribute("data-args");
    if (more) { var o = JSON.parse(more); Object.keys(o).forEach(function (k) { a[k] = /^\d{4}-\d{2}-\d{2}$/.test(o[k]) ? fmt(o[k]) : o[k]; }); }
    return a;
  }
  function render(el) {
    var s = t(el.getAttribute("data-t"), argsOf(el));
    if (s === null) return;
    if (!el.nb_kids) el.nb_kids = Array.prototype.slice.call(el.children);
    var kids = el.nb_kids;
    if (!kids.length || el.hasAttribute("data-plain")) { el.textContent = s; }
    else {
      el.textContent = "";
      s.split(/(\{\d\})/).forEach(function (part) {
        var m = /^\{(\d)\}$/.exec(part);
        if (m && kids[+m[1]]) el.appendChild(kids[+m[1]]);
        else if (part) el.appendChild(document.createTextNode(part));
      });
    }
    if (el.closest("[lang]") !== document.documentElement || el.hasAttribute("lang")) el.setAttribute("lang", lang);
  }
  // strings whose element's markup stays plain in the page (other checks read it as is)
  var IMPLIED = {".asked-note > strong": "act.on_heading"};
  function apply() {
    document.documentElement.setAttribute("lang", lang);
    Object.keys(IMPLIED).forEach(function (sel) {
      document.querySelectorAll(sel).forEach(function (el) { el.setAttribute("data-t", IMPLIED[sel]); });
    });
    document.querySelectorAll("[data-t]").forEach(render);
    document.querySelectorAll("[data-t-aria]").forEach(function (el) {
      var s = t(el.getAttribute("data-t-aria"));
      if (s !== null) el.setAttribute("aria-label", s);
    });
    document.querySelectorAll("[data-t-title]").forEach(function (el) {
      var s = t(el.getAttribute("data-t-title"));
      if (s !== null) el.setAttribute("title", s);
    });
    document.querySelectorAll("time.nb-on, time.nb-date").forEach(function (el) {
      el.textContent = fmt(el.getAttribute("datetime"));
    });
    document.querySelectorAll("[data-ui-lang]").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-ui-lang") === lang ? "true" : "false");
    });
    var title = document.querySelector("meta[name=nb-title]");
    if (title) { var s = t(title.getAttribute("content"), argsOf(title)); if (s) document.title = s + " — normbase"; }
    printMeta();
  }
  function printMeta() {   // what a printed page says of itself: the date shown and its address
    var p = document.querySelector(".print-meta");
    if (!p) return;
    var on = document.querySelector(".asked-note time.nb-on");
    p.textContent = (on ? t("print.on") + " " + fmt(on.getAttribute("datetime")) + " · " : "") +
      t("print.url") + " " + location.href;
  }
  // say(el, key, args): el shows the string of key, and follows the language when it changes
  function say(el, key, args) {
    el.setAttribute("data-t", key);
    el.setAttribute("data-args", JSON.stringify(args || {}));
    el.nb_kids = [];
    render(el);
  }
  window.NB_t = t;
  window.NB_fmt = fmt;
  window.NB_say = say;
  window.NB_uiLang = function () { return lang; };
  window.NB_i18n_apply = apply;
  window.NB_setUiLang = function (l) {
    if (!T[l]) return;
    lang = l;
    try { localStorage.setItem(KEY, l); } catch (e) { /* private mode: not remembered */ }
    apply();
  };
  document.addEventListener("DOMContentLoaded", function () {});
  window.addEventListener("beforeprint", printMeta);
})();

// normbase site: the date control, "the latest version at or before a date" (on.html),
// comparing a unit's wording on two dates. Plain script, no dependencies; works from
// file:// and from any static host.
(function () {
  "use strict";

  // Every date form goes to on.html?date=…[&view=…]; on.html picks the version.
  document.querySelectorAll("form.date-form").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var d = form.querySelector("input[type=date]").value;
      if (!d) return;
      var view = form.querySelector("input[name=view]");
      location.href = form.getAttribute("data-on-url") + "?date=" + d + (view ? "&view=" + view.value : "");
    });
  });

  // on.html: open the latest version date at or before the requested date, keeping the anchor.
  var list = document.querySelector(".version-list");
  if (list) {
    var params = new URLSearchParams(location.search);
    var wanted = params.get("date"), view = params.get("view") || "index";
    if (!/^(index|kk|ru)$/.test(view)) view = "index";
    var versions = list.getAttribute("data-versions").split(",");
    var status = document.getElementById("on-status");
    if (wanted && /^\d{4}-\d{2}-\d{2}$/.test(wanted)) {
      var pick = null;
      versions.forEach(function (v) { if (v <= wanted) pick = v; });
      if (pick === null) {
        window.NB_say(status, "on.none", {d: wanted, a: versions[0]});
      } else {
        location.replace(pick + "/" + view + ".html?on=" + wanted + location.hash);   // the page says the date asked
      }
    } else if (wanted) {
      window.NB_say(status, "on.bad", {d: wanted});
    }
  }

  // A dated act page opened for a date (?on=YYYY-MM-DD, as on.html sends it): the page holds
  // for every day from the date it was made for to its last day, and its answers name the
  // date asked in <time class="nb-on"> elements: write the date asked into them.
  var note = document.querySelector(".asked-note");
  if (note) {
    var asked = new URLSearchParams(location.search).get("on");
    var madeFor = note.getAttribute("data-made-for"), last = note.getAttribute("data-last");
    var made = note.querySelector(".made-for");
    if (asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) && asked >= madeFor && (!last || asked <= last)) {
      document.querySelectorAll("time.nb-on").forEach(function (t) { t.textContent = asked; t.setAttribute("datetime", asked); });
      document.title = document.title.replace("in force on " + madeFor, "in force on " + asked);
      var input = document.getElementById("date");
      if (input) input.value = asked;
      window.NB_say(made, last ? "act.holds" : "act.holds_open", {a: madeFor, b: last || "", d: asked});
      document.querySelectorAll(".views a").forEach(function (a) {   // the other languages, same date
        var href = a.getAttribute("href"), cut = href.indexOf("#");
        var hash = cut < 0 ? "" : href.slice(cut);
        a.setAttribute("href", (cut < 0 ? href : href.slice(0, cut)) + "?on=" + asked + hash);
      });
    } else if (asked) {
      window.NB_say(made, "act.refused", {d: asked, a: madeFor, b: last || "…"});
    }
  }

  // Unit history: the wording on two dates, word by word.
  var compare = document.getElementById("compare-form");
  if (compare) {
    compare.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var lang = compare.elements.lang.value, a = compare.elements.from.value, b = compare.elements.to.value;
      var out = document.getElementById("compare-result");
      out.textContent = "";
      var section = document.querySelector(".timeline[data-lang=" + lang + "]");
      // what normbase.query.answer says on each interval of days:
      // [from, until, version, status, status in words, reason (U+E000 where it names the day),
      //  1 when the answer gives a wording]
      var answers = JSON.parse(section.getAttribute("data-answers"));
      function at(day) {
        var found = null;
        answers.forEach(function (x) { if (x[0] === null || x[0] <= day) found = x; });
        return found;
      }
      function describe(day, x) {
        var p = document.createElement("p");
        p.className = "meta";
        var link = document.createElement("a");
        link.href = "#" + lang + "-v" + x[2];
        link.textContent = window.NB_t("compare.version", {n: x[2]});
        p.appendChild(document.createTextNode(window.NB_fmt(day) + ": "));
        p.appendChild(link);
        p.appendChild(document.createTextNode(" — " + x[4] + (x[5] ? ": " + x[5].split("\ue000").join(day) : "")));
        return p;
      }
      function wording(x) {
        if (!x[6]) return null;   // the answer gives no wording that day
        var v = document.getElementById(lang + "-v" + x[2]);
        return v && v.getAttribute("data-text");
      }
      if (!a || !b) { out.textContent = window.NB_t("compare.pick"); return; }
      var va = at(a), vb = at(b);
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
  }

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

(function () {
  "use strict";
  var t = window.NB_t, fmt = window.NB_fmt, lang = window.NB_uiLang;
  document.querySelectorAll(".ui-lang").forEach(function (g) { g.hidden = false; });
  document.querySelectorAll("[data-ui-lang]").forEach(function (b) {
    b.addEventListener("click", function () { window.NB_setUiLang(b.getAttribute("data-ui-lang")); });
  });
  window.NB_i18n_apply();

  // A source text opened at ?lines=A-B#LA: mark the lines cited.
  var m = /[?&]lines=(\d+)-(\d+)/.exec(location.search);
  if (m && document.querySelector(".source-text")) {
    for (var n = +m[1]; n <= +m[2]; n++) { var el = document.getElementById("L" + n); if (el) el.classList.add("hl"); }
  }

  // Copy a unit's permalink and a ready citation in the interface language.
  function citation(unit) {
    var l = lang();
    var name = unit.getAttribute("data-cite-" + l) || unit.getAttribute("data-cite-en") || unit.id;
    var cell = unit.querySelector('.cell[lang="' + (l === "kk" ? "kk" : "ru") + '"] .meta') || unit.querySelector(".cell .meta");
    var out = name;
    if (cell && cell.getAttribute("data-by")) {
      var d = cell.getAttribute("data-by-date");
      out += d ? t("cite.amended", {n: cell.getAttribute("data-by"), d: fmt(d, l)}) :
        t("cite.amended_nodate", {n: cell.getAttribute("data-by")});
    }
    var on = document.querySelector(".asked-note time.nb-on");
    out += on ? t("cite.as_of", {d: fmt(on.getAttribute("datetime"), l)}) : t("cite.latest");
    return out;
  }
  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallback(text)); });
    } else done(fallback(text));
  }
  function fallback(text) {
    var ta = document.createElement("textarea");
    ta.value = text; ta.setAttribute("readonly", ""); ta.style.position = "absolute"; ta.style.left = "-9999px";
    document.body.appendChild(ta); ta.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(ta);
    return ok;
  }
  document.querySelectorAll(".cite-btn").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      var unit = b.closest(".unit");
      var url = location.href.split("#")[0] + "#" + unit.id;
      var text = citation(unit) + "\n" + url;
      var box = unit.querySelector(".cite-out");
      if (!box) {
        box = document.createElement("p");
        box.className = "cite-out"; box.setAttribute("role", "status");
        unit.querySelector(".unit-head").after(box);
      }
      box.setAttribute("lang", lang());
      copy(text, function (ok) { box.textContent = (ok ? t("cite.copied") : t("cite.failed")) + " " + text; });
    });
  });
})();
