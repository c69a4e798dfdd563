/* The interface strings of one language only, static/i18n/<lang>.js (docs/site.md, "Interface
   language"): the reader's remembered choice, else the browser's first language among these, else
   English. Loaded in every page's <head> (one file rather than these lines in each of the site's
   pages), it writes the table's <script> in after itself, so that app.js finds it loaded. */
(function (langs) {
  var me = document.currentScript, src = me ? me.getAttribute("src") : "static/lang.js";
  var base = src.replace(/[^\/]*$/, "") + "i18n/";
  var l = null, p = navigator.languages || [navigator.language || ""], i = 0;
  try { l = localStorage.getItem("nb-ui-lang"); } catch (e) { /* storage off */ }
  while (langs.indexOf(l) < 0) l = i < p.length ? String(p[i++]).slice(0, 2).toLowerCase() : "en";
  window.NB_UI = {langs: langs, lang: l, base: base};
  document.write('<script src="' + base + l + '.js"><\/script>');
})(["en", "kk", "ru"]);
