// normbase home: filter the list of acts by title, number, year, kind and status. The page
// shows the first acts; the compact index of every act (static/acts-index.js, one short row
// per act) is fetched only when the reader filters or asks for more. Works from file://.
(function () {
  "use strict";
  var form = document.getElementById("acts-filter");
  if (!form) return;
  var list = document.getElementById("acts-list"), status = document.getElementById("acts-status");
  var more = document.getElementById("acts-more"), pager = document.querySelector(".pager");
  var PAGE = +form.getAttribute("data-page") || 50, shown = PAGE, matches = null;
  var t = window.NB_t, say = window.NB_say;
  function load(done) {
    if (window.NB_ACTS) return done();
    var s = document.createElement("script");
    s.src = form.getAttribute("data-index");
    s.onload = done;
    document.head.appendChild(s);
  }
  function fold(x) { return String(x || "").toLowerCase().replace(/ё/g, "е"); }
  function filter() {
    var q = fold(form.elements.title.value).split(/\s+/).filter(Boolean);
    var num = fold(form.elements.number.value).replace(/^№\s*/, "").trim();
    var year = form.elements.year.value, kind = form.elements.kind.value, st = form.elements.status.value;
    return window.NB_ACTS.filter(function (r) {   // [id, number, year, kind, status, kk title, ru title]
      if (num && fold(r[1]) !== num && fold(r[0]) !== num) return false;
      if (year && String(r[2]) !== year) return false;
      if (kind && r[3] !== kind) return false;
      if (st && r[4] !== st) return false;
      var title = fold(r[5] + " " + r[6]);
      return q.every(function (w) { return title.indexOf(w) >= 0; });
    });
  }
  function row(r) {
    var li = document.createElement("li");
    li.className = "act-row";
    var a = document.createElement("a");
    a.className = "act-name";
    a.href = "acts/" + r[0] + "/index.html";
    var name = document.createElement("span");
    say(name, "home.row", {n: r[1], y: r[2]});
    a.appendChild(name);
    li.appendChild(a);
    li.appendChild(document.createTextNode(" "));
    var code = document.createElement("code"); code.textContent = r[0]; li.appendChild(code);
    li.appendChild(document.createTextNode(" "));
    var b = document.createElement("span");
    b.className = "badge badge-" + r[4] + " kind-" + r[4];
    say(b, "actstatus." + r[4]);
    li.appendChild(b);
    li.appendChild(document.createTextNode(" "));
    var k = document.createElement("span"); k.className = "act-kind"; say(k, "kind." + r[3]); li.appendChild(k);
    li.appendChild(document.createTextNode(" · "));
    var c = document.createElement("a"); c.href = "acts/" + r[0] + "/index.html#about"; say(c, "home.about"); li.appendChild(c);
    [["kk", r[5]], ["ru", r[6]]].forEach(function (x) {
      if (!x[1]) return;
      var s = document.createElement("span"); s.className = "act-title"; s.lang = x[0]; s.textContent = x[1]; li.appendChild(s);
    });
    return li;
  }
  function show() {
    list.textContent = "";
    list.setAttribute("start", "1");
    matches.slice(0, shown).forEach(function (r) { list.appendChild(row(r)); });
    say(status, matches.length ? "home.found" : "home.none", {n: matches.length, b: Math.min(shown, matches.length)});
    more.hidden = shown >= matches.length;
    if (pager) pager.hidden = true;
  }
  function run() { load(function () { shown = PAGE; matches = filter(); show(); }); }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  form.addEventListener("input", function () { clearTimeout(form.nb_timer); form.nb_timer = setTimeout(run, 150); });
  more.addEventListener("click", function () { shown += PAGE; show(); });
})();
