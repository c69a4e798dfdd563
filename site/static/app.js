
// The interface language (kk, ru, en): chosen by the reader and remembered (localStorage),
// by default the browser's. The page loads the strings of that one language only: the loader
// in the page's head (templates/base.html) picks it and writes static/i18n/<lang>.js in, which
// adds its table to NB_I18N (built from site/i18n/<lang>.json); switching adds the other
// language's file, then relabels. An element with data-t="key" shows the string of that key:
// {d} is a date (data-d), {n} a number (data-n), {0} {1} … the element's child elements in
// order (the string says where they go). Legal text keeps its own lang attribute and is never
// translated. Without the script the page reads in English, as it is written.
(function () {
  "use strict";
  var T = window.NB_I18N = window.NB_I18N || {};
  var UI = window.NB_UI || {langs: ["en"], lang: "en", base: ""};
  var KEY = "nb-ui-lang";
  var lang = T[UI.lang] ? UI.lang : "en", wanted = UI.lang;   // (the page is written in English)
  function load(l, done) {   // a language's table: static/i18n/<l>.js, added once
    if (T[l]) { done(); return; }
    var s = document.createElement("script");
    s.src = UI.base + l + ".js";
    s.onload = done;
    document.head.appendChild(s);
  }
  function use(l) {   // show language l once its table is here (the last one asked for wins)
    wanted = l;
    load(l, function () { if (wanted === l && T[l]) { lang = l; apply(); } });
  }
  function fmt(d, l) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d || "")) return d || "";
    return (T[l || lang] || {})["date.format"] === "dmy" ? d.slice(8, 10) + "." + d.slice(5, 7) + "." + d.slice(0, 4) : d;
  }
  function t(key, args, l) {
    l = l || lang;
    var s = T[l] && T[l][key];   // (every table has every key: tests/test_site.py)
    if (s === undefined || s === null) return null;
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
  // Keys the markup implies, so that an act page (thousands of them per page) does not spell
  // them out (site/templates/macros.html, row.html): selector → the key of an element it finds.
  var SINCE_OF = {deleted: 1, unknown: 1, not_in_force: 1};
  function cls(el, re) { var m = re.exec(el.className); return m ? m[1] : null; }
  var IMPLIED = [
    [".badge", function (el) {   // status.<status>, or for an uncertain one kind.<kind>
      var s = cls(el, /\bbadge-(\w+)/);
      return s && (s === "uncertain" ? "kind." + (cls(el, /\bkind-(\w+)/) || "sequence") : "status." + s);
    }],
    [".since", function (el) {   // since.<the cell's status>; since.act when no date is given
      var s = cls(el.closest(".cell") || el, /\bstatus-(\w+)/);
      return el.querySelector(".when") ? "since." + (SINCE_OF[s] ? s : "in_force") : "since.act";
    }],
    [".asked", function () { return "cell.latest"; }],
    [".until", function () { return "until"; }],
    [".source > span:first-child", function () { return "source"; }],
    [".gap > span[lang=en]", function (el) {
      var g = cls(el.parentNode, /\bgap-(\w+)/);
      return g && "gap." + g;
    }],
    [".site-header nav a", function (el) {   // nav.<the page it links to>
      return "nav." + el.getAttribute("href").split("/").pop().replace(/\.html$/, "");
    }],
    [".pair-flag", function (el) { var p = cls(el, /\bpair-(?!flag\b)(\w+)/); return p && "pair." + p; }]
  ];
  function implied() {
    IMPLIED.forEach(function (x) {
      document.querySelectorAll(x[0] + ":not([data-t])").forEach(function (el) {
        var k = x[1](el);
        if (k) el.setAttribute("data-t", k);
      });
    });
  }
  // a table drawn as cards on a narrow screen labels each cell with its column's heading
  // (style.css has the English ones for a page read without the script)
  function cardLabels() {
    document.querySelectorAll("table.cards").forEach(function (tb) {
      if (tb.nb_auto === undefined) tb.nb_auto = !tb.querySelector("tbody td[data-label]");
      if (!tb.nb_auto) return;
      var heads = tb.querySelectorAll("thead th");
      tb.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, i) {
          if (td.tagName === "TD" && heads[i]) td.setAttribute("data-label", heads[i].textContent);
        });
      });
    });
  }
  function apply() {
    document.documentElement.setAttribute("lang", lang);
    implied();
    document.querySelectorAll("[data-t]").forEach(render);
    cardLabels();
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
    var on = document.querySelector(".asked-note:not([hidden]) time.nb-on");
    var act = document.querySelector(".act-page");
    p.textContent = (on ? t("print.on") + " " + fmt(on.getAttribute("datetime")) + " · " : act ? t("print.latest") + " · " : "") +
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
  window.NB_printMeta = printMeta;
  window.NB_setUiLang = function (l) {
    if (UI.langs.indexOf(l) < 0) return;
    try { localStorage.setItem(KEY, l); } catch (e) { /* private mode: not remembered */ }
    use(l);
  };
  if (wanted !== lang) use(wanted);   // (the loader's script did not run: the table comes later)
  window.addEventListener("beforeprint", printMeta);
})();

(function () {
  "use strict";
  var t = window.NB_t, fmt = window.NB_fmt, lang = window.NB_uiLang;
  document.querySelectorAll(".site-header").forEach(function (h) {   // the interface language buttons
    if (h.querySelector(".ui-lang")) return;
    h.insertAdjacentHTML("beforeend",
      '<div class="ui-lang" role="group" aria-label="Interface language" data-t-aria="ui.label">' +
      '<button type="button" data-ui-lang="kk" lang="kk">Қазақша</button>' +
      '<button type="button" data-ui-lang="ru" lang="ru">Русский</button>' +
      '<button type="button" data-ui-lang="en" lang="en">English</button></div>');
  });
  document.querySelectorAll("[data-ui-lang]").forEach(function (b) {
    b.addEventListener("click", function () { window.NB_setUiLang(b.getAttribute("data-ui-lang")); });
  });
  // What an act page gives once and the script puts on every unit: the permalink's tooltip,
  // the copy button, and each uncertain date's explanation (the page's list .windows, id w<N>).
  var panel = document.querySelector(".act-page");   // where act.js opens a unit's history
  document.querySelectorAll(".unit > .unit-head").forEach(function (head) {
    var a = head.querySelector(".anchor");
    if (a) a.setAttribute("data-t-title", "row.permalink");
    if (a && panel && !head.querySelector(".history-link")) {   // the unit's history: act.js opens the panel
      var id = head.parentNode.id, link = document.createElement("a");
      link.className = "history-link";
      link.setAttribute("href", "?history=" + id + "#" + id);
      link.setAttribute("data-t", "history");
      link.textContent = "history";
      a.after(link);
    }
    var h = head.querySelector(".history-link") || a;
    if (h) h.insertAdjacentHTML("afterend", '<button type="button" class="cite-btn" data-t="cite.button">copy link and citation</button>');
  });
  document.querySelectorAll(".when[data-w]").forEach(function (el) {
    var w = document.querySelector("#w" + el.getAttribute("data-w") + " dd");
    if (w) el.setAttribute("title", w.textContent);
  });
  // An order's page: each clause's address in its text (an <a> without href, as written) becomes a
  // link to the clause; beside each instruction's unit, "in the act": the act on the order's
  // earliest day (the list's data-on) at that unit.
  document.querySelectorAll(".order-text > p[id] > a:first-child:not([href])").forEach(function (a) {
    a.setAttribute("href", "#" + a.parentNode.id);
  });
  document.querySelectorAll(".instructions[data-on]").forEach(function (ol) {
    var on = ol.getAttribute("data-on");
    ol.querySelectorAll(':scope > li > p:first-child > a[href*="?history="]').forEach(function (h) {
      var href = h.getAttribute("href"), a = document.createElement("a");
      a.setAttribute("href", href.split("?")[0] + "?on=" + on + "#" + href.split("#")[1]);
      a.setAttribute("data-t", "order.in_act");
      a.textContent = "in the act";
      h.after(" · ", a);
    });
  });
  window.NB_i18n_apply();

  // A source text: each line's number (style.css draws it without the script) becomes a link to
  // the line; opened at ?lines=A-B#LA, the lines cited are marked.
  var text = document.querySelector(".source-text");
  if (text) {
    Array.prototype.forEach.call(text.children, function (p) {
      if (!/^L\d+$/.test(p.id)) return;
      var a = document.createElement("a");
      a.className = "ln";
      a.setAttribute("href", "#" + p.id);
      a.textContent = p.id.slice(1);
      p.insertBefore(a, p.firstChild);
    });
    text.classList.add("linked");
  }
  var m = /[?&]lines=(\d+)-(\d+)/.exec(location.search);
  if (m && text) {
    for (var n = +m[1]; n <= +m[2]; n++) { var el = document.getElementById("L" + n); if (el) el.classList.add("hl"); }
  }

  // Copy a unit's permalink and a ready citation in the interface language.
  function citation(unit) {
    var l = lang();
    var name = unit.id, parts = (unit.getAttribute("data-c") || "").split("|");
    var page = unit.closest("[data-cite-of]"), of = page && JSON.parse(page.getAttribute("data-cite-of"))[unit.id.split(".")[0]];
    if (of && parts.length === 3) {   // as glance.join_name: ru and en name the unit first, kk the document
      of = of.split("|");
      name = l === "kk" ? of[1] + " " + parts[1] : l === "ru" ? parts[0] + " " + of[0] : parts[2] + " of " + of[2];
    }
    var cell = unit.querySelector('.cell[lang="' + (l === "kk" ? "kk" : "ru") + '"] .meta') || unit.querySelector(".cell .meta");
    var out = name;
    if (cell && cell.getAttribute("data-by")) {
      var d = cell.getAttribute("data-by-date");
      out += d ? t("cite.amended", {n: cell.getAttribute("data-by"), d: fmt(d, l)}) :
        t("cite.amended_nodate", {n: cell.getAttribute("data-by")});
    }
    var on = document.querySelector(".asked-note:not([hidden]) time.nb-on");
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
  document.addEventListener("click", function (ev) {   // delegated: the act page redraws its units
    var b = ev.target.closest && ev.target.closest(".cite-btn");
    if (!b) return;
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
})();
