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
        location.replace(pick + "/" + view + ".html" + location.hash);
      }
    } else if (wanted) {
      status.textContent = "“" + wanted + "” is not a date: give it as YYYY-MM-DD. The versions:";
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
      var items = Array.prototype.slice.call(section.querySelectorAll(".version"));
      var start = section.getAttribute("data-act-start");
      function at(day) {   // as normbase.query.version_index: the last version started by that day
        if (day < start) return null;
        var found = null;
        items.forEach(function (v) { var f = v.getAttribute("data-from"); if (!f || f <= day) found = v; });
        return found;
      }
      function describe(day, v) {
        var p = document.createElement("p");
        p.className = "meta";
        if (!v) { p.textContent = day + ": the act was not yet in force as far as the sources show."; return p; }
        var link = document.createElement("a");
        link.href = "#" + v.id;
        link.textContent = "version " + v.id.split("-v")[1];
        p.appendChild(document.createTextNode(day + ": "));
        p.appendChild(link);
        var state = v.getAttribute("data-state"), note = "";
        if (state !== "text") note = " — " + (state === "unknown" ? "wording unknown" : state === "deleted" ? "deleted" : "not in the act");
        if (v.getAttribute("data-from-exact") === "no" && v.getAttribute("data-from")) note += " (uncertain: the order that gave it may not yet have been in force)";
        p.appendChild(document.createTextNode(note));
        return p;
      }
      if (!a || !b) { out.textContent = "Pick two dates."; return; }
      var va = at(a), vb = at(b);
      out.appendChild(describe(a, va));
      out.appendChild(describe(b, vb));
      var ta = va && va.getAttribute("data-text"), tb = vb && vb.getAttribute("data-text");
      var msg = document.createElement("p");
      if (va === vb) { msg.textContent = "The same version on both dates: nothing changed."; out.appendChild(msg); return; }
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
