/* Material's search worker, made to find what applicants type: action codes and numbers,
 * inflected Finnish and Swedish, names in other languages; results in the page's language.
 *
 * overrides/main.html points Material at this file and passes the name of Material's
 * worker (it changes with every Material release) as `?material=`, and the page's
 * language as `?lang=` and `?folders=`. It runs either as a real Worker (http) or, under
 * file://, inside the hidden iframe of the iframe-worker shim, where importScripts is
 * not available. The index is one language's (kb-search-loader.js fetches it when the
 * reader starts searching); scripts/kb/search.py adds the fields `code` and `names`.
 *
 * What it changes in Material's lunr search, and why:
 * 1. Words with a digit ("ka220", "2021", "ka220vet") skip the Finnish and Swedish
 *    trimmers and stemmers, which cut "ka220" to "ka" and drop "2021" altogether.
 * 2. A code typed with spaces or dashes ("KA 220", "KA220-VET", "ka220vet") is joined into
 *    the indexed code ("ka220", "ka220vet") when the index holds it, and a word that is
 *    a code in the index is also searched as that exact code, weighed high, so that
 *    "KA1" puts key action 1 above KA121 and KA122, which merely begin with it.
 * 3. Material appends "*" to every word so that results appear while typing; lunr
 *    never runs such a word through the stemmer. Each word is stemmed before the
 *    wildcard ("hankkeiden*" -> "hank*") and, with a lower weight, also searched in its
 *    other forms: Finnish consonant gradation both ways ("hakuaika" <-> "hakuajat",
 *    "huippuyksikkö" <-> "huippuyksiköt") and common Finnish and Swedish endings
 *    ("työvarjostus" <-> "työvarjostukseen", "lärarakademin" -> "lärarakademi").
 * 4. Results stay in the page's language (a safety net: the index is that language's).
 */
(function () {
  "use strict";

  var inIframe = typeof document !== "undefined";
  var own = inIframe ? document.currentScript.src : self.location.href;
  function param(key) {
    var m = new RegExp("[?&]" + key + "=([\\w.,-]*)").exec(own);
    return m ? m[1] : null;
  }
  var name = param("material");
  if (!name) throw new Error("kb-search.js: no ?material= worker name in " + own);
  var material = new URL(name, own).href;

  var lang = param("lang");
  var folders = (param("folders") || "").split(",").filter(Boolean);

  // The index being built and the one in use (for its stemmers and its terms).
  var searchPipeline = null;
  var index = null;
  var languages = [];

  var DIGIT = /\d/;
  var CODE_BOOST = 50;     // an exact code, above everything else
  var VARIANT_BOOST = 0.4; // another form of a word, below the word as typed
  var EXACT_BOOST = 3;     // the word as typed, above the longer words it begins

  // -- 1. words with digits -----------------------------------------------------------
  function keepDigits(lunr) {
    var run = lunr.Pipeline.prototype.run;
    lunr.Pipeline.prototype.run = function (tokens) {
      var plain = [];
      var coded = [];
      for (var i = 0; i < tokens.length; i++) {
        var text = tokens[i].toString();
        if (DIGIT.test(text)) {
          var trimmed = text.replace(/^[^0-9a-zåäöéü]+|[^0-9a-zåäöéü]+$/g, "");
          if (trimmed) coded.push(tokens[i].update(function () { return trimmed; }));
        } else {
          plain.push(tokens[i]);
        }
      }
      return run.call(this, plain).concat(coded);
    };
  }

  // -- 2. codes in the query ------------------------------------------------------------
  function known(term) {
    return !!(index && Object.prototype.hasOwnProperty.call(index.invertedIndex, term));
  }

  // Punctuation of names as written ("Kumppanuushankkeet, ammatillinen koulutus") and the
  // Finnish hyphen before a word's last part ("Erasmus+ -ohjelma", "Teacher Academies
  // -toiminto"), which lunr would read as "without this word".
  function plainWords(query) {
    return query
      .replace(/[,;!?()\[\]{}]+/g, " ")
      .replace(/\.(?=\s|$)/g, " ")
      .replace(/(\S)\s+-(?=[^\s\d-])/g, "$1 ");
  }

  function rewriteCodes(query) {
    query = plainWords(query);
    if (!index) return query;
    var words = query.split(/\s+/).filter(Boolean);
    var out = [];
    for (var i = 0; i < words.length; i++) {
      var word = words[i];
      // Join following words while the joined code is in the index ("KA 220 VET").
      var joined = word.toLowerCase().replace(/[-\u2010-\u2015]/g, "");
      var j = i;
      while (j + 1 < words.length && /^[\w\u00c0-\u024f]+$/.test(words[j + 1])) {
        var next = joined + words[j + 1].toLowerCase();
        if (!DIGIT.test(next) || !(known(next) || hasPrefix(next))) break;
        joined = next;
        j++;
      }
      if (j > i) {
        out.push(joined);
        i = j;
      } else {
        out.push(word);  // a single word stays too: "2021-2027" also finds "2021"
        if (DIGIT.test(joined) && joined !== word.toLowerCase() && known(joined)) out.push(joined);
      }
      if (DIGIT.test(joined) && known(joined)) out.push(joined + "^" + CODE_BOOST);
    }
    return out.join(" ");
  }

  // Is some indexed term longer than `prefix` and beginning with it? (while typing)
  function hasPrefix(prefix) {
    var node = index.tokenSet;
    for (var i = 0; i < prefix.length; i++) {
      node = node.edges[prefix.charAt(i)];
      if (!node) return false;
    }
    return true;
  }

  // -- 3. other forms of a word -----------------------------------------------------------
  // Finnish consonant gradation: strong and weak grade of the last syllable's consonants.
  var GRADATION = [
    ["kk", "k"], ["pp", "p"], ["tt", "t"], ["nk", "ng"], ["mp", "mm"], ["lt", "ll"],
    ["nt", "nn"], ["rt", "rr"], ["ht", "hd"], ["lk", "lj"], ["rk", "rj"], ["ik", "j"],
    ["t", "d"], ["p", "v"], ["k", "v"], ["k", ""]
  ];
  // Finnish stem endings that change in inflection: -us/-uks-, -nen/-s-, -i/-e-.
  var FI_ENDINGS = [["us", "uks"], ["ys", "yks"], ["nen", "s"], ["i", "e"]];
  // Swedish definite and plural endings.
  var SV_ENDINGS = ["erna", "arna", "orna", "ena", "na", "en", "et", "er", "ar", "or", "n", "t"];

  function gradationVariants(stem, out) {
    var tail = Math.max(0, stem.length - 4);
    GRADATION.forEach(function (pair) {
      for (var d = 0; d < 2; d++) {
        var from = pair[d];
        var to = pair[1 - d];
        if (!from) continue;
        var at = stem.lastIndexOf(from);
        if (at < tail || at < 2) continue;
        out.push(stem.slice(0, at) + to + stem.slice(at + from.length));
      }
    });
  }

  function variants(word, stem) {
    var out = [];
    if (languages.indexOf("fi") >= 0) {
      gradationVariants(stem, out);
      FI_ENDINGS.forEach(function (pair) {
        for (var d = 0; d < 2; d++) {
          [word, stem].forEach(function (w) {
            if (w.length > pair[d].length + 3 && w.slice(-pair[d].length) === pair[d])
              out.push(w.slice(0, -pair[d].length) + pair[1 - d]);
          });
        }
      });
    }
    if (languages.indexOf("sv") >= 0) {
      SV_ENDINGS.forEach(function (ending) {
        if (word.length > ending.length + 4 && word.slice(-ending.length) === ending)
          out.push(word.slice(0, -ending.length));
      });
    }
    // English names (the programme's own, on pages of both languages): the singular.
    if (/[a-z]{4}s$/.test(word)) out.push(word.slice(0, -1));
    if (/[a-z]{3}ies$/.test(word)) out.push(word.slice(0, -3) + "y");
    var seen = {};
    seen[stem] = true;
    return out.filter(function (v) {
      if (v.length < 4 || seen[v]) return false;
      seen[v] = true;
      return true;
    });
  }

  function stemmed(term) {
    if (!searchPipeline || DIGIT.test(term)) return term;
    var stems = searchPipeline.runString(term);
    return stems.length && stems[0] ? stems[0] : term;
  }

  function expandQueries(lunr) {
    var build = lunr.Builder.prototype.build;
    lunr.Builder.prototype.build = function () {
      searchPipeline = this.searchPipeline;
      index = build.apply(this, arguments);
      return index;
    };

    // Every query clause passes through here, both for the search itself and for
    // Material's analysis of which words matched (used for highlighting).
    var clause = lunr.Query.prototype.clause;
    lunr.Query.prototype.clause = function (c) {
      var word = c && typeof c.term === "string" && /^([^*]+)\*$/.exec(c.term);
      if (word) c.term = stemmed(word[1]) + "*";
      return clause.apply(this, arguments);
    };

    // Only the search itself gets the other forms (Material's analysis would list
    // them as words not found).
    var query = lunr.Index.prototype.query;
    lunr.Index.prototype.query = function (fn) {
      return query.call(this, function (q) {
        fn(q);
        var typed = q.clauses.slice();
        typed.forEach(function (c) {
          // The parser leaves the wildcard in the term ("hank*").
          if (!/^[^*]+\*$/.test(c.term)) return;
          if (c.presence === lunr.Query.presence.PROHIBITED) return;
          var stem = c.term.slice(0, -1);
          // The word itself weighs more than the longer words it begins.
          q.clause({ term: stem, fields: c.fields, boost: (c.boost || 1) * EXACT_BOOST,
                     wildcard: lunr.Query.wildcard.NONE, usePipeline: false });
          if (DIGIT.test(stem)) return;
          variants(c.__kbWord || stem, stem).forEach(function (v) {
            q.clause({ term: v, fields: c.fields, boost: (c.boost || 1) * VARIANT_BOOST,
                       wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false });
          });
        });
      });
    };

    // Keep the word as typed beside its stem (the Swedish endings are cut from it).
    var parse = lunr.QueryParser.prototype.parse;
    lunr.QueryParser.prototype.parse = function () {
      var result = parse.apply(this, arguments);
      var lexemes = this.lexemes || [];
      var words = lexemes.filter(function (l) { return l.type === "TERM"; })
        .map(function (l) { return l.str.toLowerCase().replace(/\*$/, ""); });
      this.query.clauses.forEach(function (c, i) {
        if (words[i] !== undefined) c.__kbWord = words[i];
      });
      return result;
    };
  }

  // -- scores: added up, not averaged ------------------------------------------------------
  // Lunr divides a field's score by the size of the query's vector for that field, which
  // grows with every indexed word a wildcard expands to: typing a second, common word
  // ("högre utbildning") would push down the pages whose title holds both. The sum of the
  // matched words' weights keeps the title's and the code's weight whatever else matched.
  function addedScores(lunr) {
    // Rarity counts, but less than where a word is (title, code, names) and whether it
    // is the word typed: a rare longer word ("utbildningsnivån") that merely begins
    // with a common one ("utbildning") must not outweigh the common word in a title.
    var idf = lunr.idf;
    lunr.idf = function (posting, documentCount) {
      return 1 + 0.25 * idf(posting, documentCount);
    };
    lunr.Vector.prototype.similarity = function (other) {
      return this.dot(other);
    };
  }

  // -- 4. the page's language only --------------------------------------------------------
  function languageOf(ref) {
    var first = String(ref).replace(/^\.\//, "").split("/")[0];
    return folders.indexOf(first) >= 0 ? first : "";
  }

  function onlyThisLanguage(lunr) {
    if (!lang) return;
    var here = folders.indexOf(lang) >= 0 ? lang : "";
    var search = lunr.Index.prototype.search;
    lunr.Index.prototype.search = function () {
      return search.apply(this, arguments).filter(function (result) {
        return languageOf(result.ref) === here;
      });
    };
  }

  // -- messages: the setup (which languages) and each query ----------------------------------
  function onMessage(ev) {
    var message = ev.data;
    if (!message || typeof message !== "object") return;
    if (message.data && message.data.config && message.data.docs) {
      languages = message.data.config.lang || [];
    } else if (typeof message.data === "string") {
      message.data = rewriteCodes(message.data);
    }
  }

  function enhance(lunr) {
    keepDigits(lunr);
    expandQueries(lunr);
    addedScores(lunr);
    onlyThisLanguage(lunr);
  }

  // Registered before Material's worker, so it sees (and may rewrite) every message first.
  self.addEventListener("message", onMessage);

  if (inIframe) {
    // The shim's importScripts is asynchronous; a script added while the iframe
    // is still loading runs before the iframe's load event, which is when the
    // shim starts passing messages to the worker.
    var script = document.createElement("script");
    script.src = material;
    script.onload = function () { enhance(self.lunr); };
    document.body.appendChild(script);
  } else {
    importScripts(material);
    enhance(self.lunr);
  }
})();
