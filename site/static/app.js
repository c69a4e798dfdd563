// normbase site: date control, "latest version at or before a date", compare two dates.
// Plain script, no dependencies; works from file:// and any static host.
(function () {
  "use strict";

  // The act page's date form goes to on.html?date=…&view=…
  document.querySelectorAll("form.date-form").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var d = form.querySelector("input[type=date]").value;
      if (!d) return;
      location.href = form.getAttribute("data-on-url") + "?date=" + d + "&view=" + form.getAttribute("data-view");
    });
  });

  // on.html: pick the latest version date at or before the requested date.
  var list = document.querySelector(".version-list");
  if (list) {
    var params = new URLSearchParams(location.search || location.hash.replace(/^#/, "?"));
    var wanted = params.get("date");
    var view = params.get("view") || "index";
    if (!/^(index|kk|ru)$/.test(view)) view = "index";
    var versions = list.getAttribute("data-versions").split(",").filter(function (v) { return v !== "latest"; });
    var status = document.getElementById("on-status");
    if (!wanted || !/^\d{4}-\d{2}-\d{2}$/.test(wanted)) {
      status.textContent = "Give a date as ?date=YYYY-MM-DD. Versions:";
    } else {
      var pick = null;
      versions.forEach(function (v) { if (v <= wanted) pick = v; });
      if (pick === null) {
        status.textContent = "No version at or before " + wanted + ": the act had not yet taken effect as far as the sources show.";
      } else {
        location.replace(pick + "/" + view + ".html" + (location.hash && location.hash.indexOf("date") < 0 ? location.hash : ""));
      }
    }
  }

  // Unit history page: compare the wording on two dates, word by word.
  var compare = document.getElementById("compare-form");
  if (compare) {
    compare.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var lang = compare.elements.lang.value, a = compare.elements.from.value, b = compare.elements.to.value;
      var out = document.getElementById("compare-result");
      out.textContent = "";
      var versions = Array.prototype.slice.call(document.querySelectorAll(".timeline[lang=" + lang + "] .version"));
      function at(day) {
        var found = null;
        versions.forEach(function (v) { var f = v.getAttribute("data-from"); if (!f || f <= day) found = v; });
        return found;
      }
      var va = at(a), vb = at(b);
      if (!a || !b || !va || !vb) { out.textContent = "Pick two dates."; return; }
      var ta = va.getAttribute("data-text"), tb = vb.getAttribute("data-text");
      if (!ta || !tb) { out.textContent = "The wording on " + (!ta ? a : b) + " is not known from the sources."; return; }
      if (va === vb) { out.textContent = "Same version on both dates: nothing changed."; return; }
      var p = document.createElement("p");
      p.className = "redline";
      p.setAttribute("lang", lang);
      wordDiff(ta.split(/\s+/), tb.split(/\s+/)).forEach(function (op) {
        var el = document.createElement(op[0] === "=" ? "span" : op[0] === "-" ? "del" : "ins");
        el.textContent = op[1] + " ";
        p.appendChild(el);
      });
      out.appendChild(p);
    });
  }

  // Longest-common-subsequence word diff: [["=", words] | ["-", words] | ["+", words]].
  function wordDiff(a, b) {
    var n = a.length, m = b.length, i, j, dp = [];
    for (i = 0; i <= n; i++) { dp.push(new Array(m + 1).fill(0)); }
    for (i = n - 1; i >= 0; i--) for (j = m - 1; j >= 0; j--)
      dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
    var out = [];
    i = 0; j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i] === b[j]) { out.push(["=", a[i]]); i++; j++; }
      else if (j < m && (i >= n || dp[i][j + 1] >= dp[i + 1][j])) { out.push(["+", b[j]]); j++; }
      else { out.push(["-", a[i]]); i++; }
    }
    return out;
  }
  window.NB_wordDiff = wordDiff;
})();
