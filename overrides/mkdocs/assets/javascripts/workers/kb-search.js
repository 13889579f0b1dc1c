/* Material's search worker, with stemmed type-ahead (Finnish and Swedish) and
 * results in the page's own language only.
 *
 * Material appends "*" to every word of a query so that results appear while the
 * reader types. Lunr never runs a wildcard word through the stemmer, so an inflected
 * word ("hankkeiden", "partnerskapen") meets no indexed stem ("hanke", "partnerskap")
 * and finds nothing. This worker loads Material's own worker and then stems each
 * such word before the wildcard: "hankkeiden*" becomes "hanke*" (the same stemmers,
 * Finnish then Swedish, that built the index).
 *
 * overrides/main.html points Material at this file and passes the name of
 * Material's worker (it changes with every Material release) as `?material=`,
 * and the page's language as `?lang=` and `?folders=` (see below).
 * It runs either as a real Worker (http) or, under file://, inside the hidden
 * iframe of the iframe-worker shim, where importScripts is not available.
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

  // One index holds both languages (mkdocs-static-i18n writes one). A page asks for
  // its own language's pages only: ?lang= is the page's language, ?folders= the
  // languages that live in a folder of their own (sv/...); the default language is
  // at the root. The bilingual 404 page passes no ?lang= and searches both.
  var lang = param("lang");
  var folders = (param("folders") || "").split(",").filter(Boolean);

  // The index's search pipeline (the stemmers), kept when Material builds the index.
  var searchPipeline = null;

  function stemTypeAhead(lunr) {
    var build = lunr.Builder.prototype.build;
    lunr.Builder.prototype.build = function () {
      searchPipeline = this.searchPipeline;
      return build.apply(this, arguments);
    };

    // Every query clause passes through here, both for the search itself and for
    // Material's analysis of which words matched (used for highlighting).
    var clause = lunr.Query.prototype.clause;
    lunr.Query.prototype.clause = function (c) {
      var word = c && typeof c.term === "string" && /^([^*]+)\*$/.exec(c.term);
      if (word && searchPipeline) {
        var stems = searchPipeline.runString(word[1]);
        if (stems.length && stems[0]) c.term = stems[0] + "*";
      }
      return clause.apply(this, arguments);
    };
  }

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

  function enhance(lunr) {
    stemTypeAhead(lunr);
    onlyThisLanguage(lunr);
  }

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
