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
        status.textContent = "No version at or before " + wanted + ": as far as the sources show, the act was not yet in force (its first version is " + versions[0] + ").";
      } else {
        location.replace(pick + "/" + view + ".html?on=" + wanted + location.hash);   // the page says the date asked
      }
    } else if (wanted) {
      status.textContent = "“" + wanted + "” is not a date: give it as YYYY-MM-DD. The versions:";
    }
  }

  // A dated act page opened for a date (?on=YYYY-MM-DD, as on.html sends it): the page holds
  // for every day from the date it was made for to its last day, and its answers name the
  // date asked in <time class="nb-on"> elements: write the date asked into them.
  var note = document.querySelector(".asked-note");
  if (note) {
    var asked = new URLSearchParams(location.search).get("on");
    var madeFor = note.getAttribute("data-made-for"), last = note.getAttribute("data-last");
    var span = madeFor + (last ? " to " + last : " on");
    var made = note.querySelector(".made-for");
    if (asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) && asked >= madeFor && (!last || asked <= last)) {
      document.querySelectorAll("time.nb-on").forEach(function (t) { t.textContent = asked; t.setAttribute("datetime", asked); });
      document.title = document.title.replace("in force on " + madeFor, "in force on " + asked);
      var input = document.getElementById("date");
      if (input) input.value = asked;
      made.textContent = "The answers on this page hold for every day from " + span + ", " + asked + " among them.";
      document.querySelectorAll(".views a").forEach(function (a) {   // the other languages, same date
        var href = a.getAttribute("href"), cut = href.indexOf("#");
        var hash = cut < 0 ? "" : href.slice(cut);
        a.setAttribute("href", (cut < 0 ? href : href.slice(0, cut)) + "?on=" + asked + hash);
      });
    } else if (asked) {
      made.textContent = "You asked for " + asked + ", but this page was made for " + madeFor +
        " and holds only from " + span + ": choose the date above.";
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
        link.textContent = "version " + x[2];
        p.appendChild(document.createTextNode(day + ": "));
        p.appendChild(link);
        p.appendChild(document.createTextNode(" — " + x[4] + (x[5] ? ": " + x[5].split("\ue000").join(day) : "")));
        return p;
      }
      function wording(x) {
        if (!x[6]) return null;   // the answer gives no wording that day
        var v = document.getElementById(lang + "-v" + x[2]);
        return v && v.getAttribute("data-text");
      }
      if (!a || !b) { out.textContent = "Pick two dates."; return; }
      var va = at(a), vb = at(b);
      out.appendChild(describe(a, va));
      out.appendChild(describe(b, vb));
      var ta = wording(va), tb = wording(vb);
      var msg = document.createElement("p");
      if (va[2] === vb[2] && va[3] === vb[3]) { msg.textContent = "The same version on both dates: nothing changed."; out.appendChild(msg); return; }
      if (!ta || !tb) { msg.textContent = "Nothing to compare: the wording on " + (!ta ? a : b) + " is not known from the sources."; out.appendChild(msg); return; }
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
