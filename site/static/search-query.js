// normbase site search, the query side: analysis of a query word (folding, tokens, the
// Kazakh stripper driven by the exported suffix chains) and the query language, ports of
// normbase.search.analysis, normbase.search.kazakh and normbase.search.query. Pure
// functions; static/search.js fetches the index pieces and runs the search with them.
(function () {
  "use strict";
  // ---- analysis (normbase.search.analysis) ----------------------------------------
  var CYR = /[а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ]/;
  var LOOK_FROM = "aceopxyiABCEHKMOPTXYI", LOOK_TO = "асеорхуіАВСЕНКМОРТХУІ";
  var DROP = /[\u0301\u0300\u00ad\u200b\u200c\u200d]/g;
  function fold(word) {
    word = word.normalize("NFC").replace(DROP, "");
    if (CYR.test(word)) {
      var out = "";
      for (var i = 0; i < word.length; i++) {
        var k = LOOK_FROM.indexOf(word[i]);
        out += k < 0 ? word[i] : LOOK_TO[k];
      }
      word = out;
    }
    return word.toLowerCase().replace(/ё/g, "е");
  }
  var TOKEN = /(?<![\p{L}\p{N}])(?:№|N|Н|No\.?)\s*(\d+(?:[-/]\d+)*)(?![\p{L}\p{N}])|[\p{L}\p{N}]+(?:[-‐‑][\p{L}\p{N}]+)*/gu;
  function number(digits) { return digits.replace(/^0+/, "") || "0"; }
  function tokens(text) {
    var out = [], m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text))) {
      out.push({ start: m.index, end: m.index + m[0].length, raw: m[0],
                 num: m[1] !== undefined ? m[1].replace(/\d+/g, number) : null });
    }
    return out;
  }

  // ---- the Kazakh stripper, driven by the exported suffix chains (kazakh.py) --------
  var KK = null;   // kk/stem.js (search.js loads it with the manifest): setStripper
  function lastVowel(s) { for (var i = s.length - 1; i >= 0; i--) if (KK.vowels.indexOf(s[i]) >= 0) return s[i]; return null; }
  function soundClass(s) {
    var ch = s[s.length - 1];
    if (KK.classes.R.indexOf(ch) >= 0) return "R";
    if (KK.vowels.indexOf(ch) >= 0) return "V";
    if (KK.classes.L.indexOf(ch) >= 0) return "L";
    if (KK.classes.N.indexOf(ch) >= 0) return "N";
    return "T";
  }
  function harmonyOk(stem, suffix) {
    if (KK.invariant.indexOf(suffix) >= 0) return true;
    var sv = lastVowel(suffix), v = lastVowel(stem);
    if (sv === null || v === null || v === "и" || v === "у") return true;
    return (KK.back.indexOf(sv) >= 0) === (KK.back.indexOf(v) >= 0);
  }
  function plausible(s) {
    if (s.length < KK.min_stem || "ъь-".indexOf(s[s.length - 1]) >= 0) return false;
    for (var i = 0; i < s.length; i++) if (KK.vowels.indexOf(s[i]) >= 0) return true;
    return false;
  }
  function devoice(s) {
    var last = s[s.length - 1];
    if (last === "ғ") return s.slice(0, -1) + "қ";
    if (last === "б") return s.slice(0, -1) + "п";
    if (last === "г" && KK.front.indexOf(lastVowel(s)) >= 0) return s.slice(0, -1) + "к";
    return s;
  }
  function kkStem(word) {
    if (/^\d+$/.test(word)) return number(word);
    if (word.length <= KK.min_stem || lastVowel(word) === null) return word;
    var cands = [word];
    KK.endings.forEach(function (e) {
      var ending = e[0];
      if (word.length <= ending.length || word.slice(-ending.length) !== ending) return;
      var stem = word.slice(0, -ending.length);
      if (e[2].indexOf(soundClass(stem)) < 0 || !harmonyOk(stem, e[1])) return;
      if (e[4]) stem = devoice(stem);
      if (!plausible(stem)) return;
      if (e[3] || (stem.length >= KK.min_weak_stem && KK.support[stem])) cands.push(stem);
    });
    var best = null;
    cands.forEach(function (s) {   // most support, then shorter, then the later in code order
      if (best === null) { best = s; return; }
      var a = KK.support[s] || 0, b = KK.support[best] || 0;
      if (a > b || (a === b && (s.length < best.length || (s.length === best.length && s > best)))) best = s;
    });
    return best;
  }

  // ---- the query language (normbase.search.query) ----------------------------------
  var QUOTES = { '"': '"', "«": "»", "“": "”", "„": "“" };
  var LEX = /\s+|(["«“„])|([()])|((?:№|N|Н|No\.?)\s*\d[^\s"«»“”„()]*|[^\s"«»“”„()]+)|([»”])/y;
  function SyntaxErr(msg) { this.message = msg; }
  function lex(text) {
    var out = [], i = 0, m;
    while (i < text.length) {
      LEX.lastIndex = i;
      m = LEX.exec(text);
      if (m[1]) {
        var close = QUOTES[m[1]], end = text.indexOf(close, LEX.lastIndex);
        if (end < 0) throw new SyntaxErr("the query has an opening quote " + m[1] + " without its closing " + close);
        var neg = out.length && out[out.length - 1][0] === "neg";
        if (neg) out.pop();
        out.push([neg ? "nphrase" : "phrase", text.slice(LEX.lastIndex, end)]);
        i = end + 1;
        continue;
      }
      if (m[4]) throw new SyntaxErr("the query has a closing quote " + m[4] + " without its opening quote");
      if (m[2]) out.push([m[2] === "(" ? "lparen" : "rparen", m[2]]);
      else if (m[3]) {
        var w = m[3];
        if (w === "OR" || w === "AND") out.push(["op", w]);
        else if (w === "-") out.push(["neg", "-"]);
        else if (w[0] === "-") out.push(["nword", w.slice(1)]);
        else out.push(["word", w]);
      }
      i = LEX.lastIndex;
    }
    return out;
  }
  function parse(text) {
    if (!text.trim()) throw new SyntaxErr("the query is empty");
    var toks = lex(text), i = 0;
    function peek() { return i < toks.length ? toks[i] : null; }
    function sequence(top) {
      var items = [];
      for (;;) {
        var t = peek();
        if (t === null || t[0] === "rparen") break;
        if (t[0] === "op" && t[1] === "AND") {
          i++;
          if (!items.length || peek() === null || peek()[0] === "rparen" || peek()[0] === "op") throw new SyntaxErr("AND needs a word on each side");
          continue;
        }
        items.push(disjunction());
      }
      if (top && peek() !== null) throw new SyntaxErr("the query has a closing parenthesis ) without its opening (");
      if (!items.length) throw new SyntaxErr(top ? "the query is empty" : "the query has empty parentheses ()");
      return items.length === 1 ? items[0] : { and: items };
    }
    function disjunction() {
      var items = [unary()];
      while (peek() && peek()[0] === "op" && peek()[1] === "OR") {
        i++;
        if (peek() === null || peek()[0] === "rparen" || peek()[0] === "op") throw new SyntaxErr("OR needs a word on each side");
        items.push(unary());
      }
      if (items.length > 1 && items.some(function (x) { return x.not; })) throw new SyntaxErr("an excluded -word cannot be one side of OR");
      return items.length === 1 ? items[0] : { or: items };
    }
    function unary() {
      var t = toks[i++], kind = t[0];
      if (kind === "word") return { word: t[1] };
      if (kind === "phrase") return { phrase: t[1] };
      if (kind === "nword") return { not: { word: t[1] } };
      if (kind === "nphrase") return { not: { phrase: t[1] } };
      if (kind === "neg") {
        if (peek() && peek()[0] === "lparen") return { not: unary() };
        return { word: "-" };
      }
      if (kind === "lparen") {
        var inner = sequence(false);
        if (peek() === null || peek()[0] !== "rparen") throw new SyntaxErr("the query has an opening parenthesis ( without its closing )");
        i++;
        if (!positive(inner)) throw new SyntaxErr("a group in parentheses needs a word that is not excluded");
        return inner;
      }
      if (kind === "op") throw new SyntaxErr(t[1] + " needs a word on each side");
      throw new SyntaxErr("the query has a closing parenthesis ) without its opening (");
    }
    var tree = sequence(true);
    if (!positive(tree)) throw new SyntaxErr("the query only excludes words: add a word to look for");
    return tree;
  }
  function positive(n) {
    if (n.word !== undefined || n.phrase !== undefined) return true;
    if (n.not) return false;
    return (n.and || n.or).some(positive);
  }

  window.NB_searchQuery = {
    fold: fold, tokens: tokens, number: number, kkStem: kkStem, parse: parse, SyntaxErr: SyntaxErr,
    setStripper: function (data) { KK = data; }
  };
})();
