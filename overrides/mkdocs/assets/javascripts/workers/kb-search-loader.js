/* Loads the search index when the reader starts searching, and only the page's language.
 *
 * The build writes one index per language (search/search_index.<lang>.json, and for the
 * offline bundle search/search_index.<lang>.js; scripts/kb/search.py). Material's page
 * script asks for one index of everything: over http as soon as the page loads, over
 * file:// as a script when the search opens. This file runs before Material's script
 * (the hook lists it among the theme's polyfills) and
 *  - over http holds Material's request back until the reader focuses the search box,
 *    opens the search or types in it, then asks for the page's language's index instead
 *    (the bilingual 404 page, which names no language, gets every language's, merged);
 *  - over file:// points Material's index script at the page's language's.
 * The page's language is the ?lang= that the hook gives our search worker's address.
 */
(function () {
  "use strict";

  var INDEX = /(^|\/)search\/search_index\.(json|js)$/;

  function languages() {
    var config = JSON.parse(document.getElementById("__config").textContent);
    var worker = new URL(config.search, location.href);
    var lang = worker.searchParams.get("lang");
    if (lang) return [lang];
    return (worker.searchParams.get("all") || "").split(",").filter(Boolean);
  }

  function perLanguage(url, lang) {
    return String(url).replace(/search_index\.(json|js)(?=$|[?#])/, "search_index." + lang + ".$1");
  }

  // -- when is the search used ------------------------------------------------------------
  var used = false;
  var waiting = [];
  function nowUsed() {
    if (used) return;
    used = true;
    waiting.splice(0).forEach(function (fn) { fn(); });
  }
  function whenUsed(fn) {
    if (used) fn(); else waiting.push(fn);
  }
  function isSearchBox(el) {
    return el && el.matches && el.matches("input.md-search__input");
  }
  // A page opened from a search result (?h=words) highlights the words, which needs the
  // index: the search is in use.
  if (/[?&]h=/.test(location.search)) nowUsed();
  document.addEventListener("focusin", function (ev) { if (isSearchBox(ev.target)) nowUsed(); }, true);
  document.addEventListener("keydown", function (ev) { if (isSearchBox(ev.target)) nowUsed(); }, true);
  document.addEventListener("change", function (ev) {
    if (ev.target && ev.target.id === "__search" && ev.target.checked) nowUsed();
  }, true);

  // -- the search worker itself: started when the search is used --------------------------
  // Material starts its search worker when the page loads; the worker's scripts (ours and
  // Material's, ~25 KB) are then fetched by every page view. Until the search is used, the
  // page gets a stand-in that keeps its listeners and messages and hands them to the real
  // worker then (Material talks to it through addEventListener and postMessage only).
  var RealWorker = window.Worker;
  function isSearchWorker(url) {
    return /\/workers\/kb-search\.js(\?|$)/.test(String(url));
  }
  // A constructor (not a factory), so that code which extends window.Worker still works.
  function KbWorker(url, options) {
    if (!isSearchWorker(url)) return new RealWorker(url, options);
    var self = this;
    this.__real = null;
    this.__queue = [];
    this.__listeners = [];
    this.onmessage = null;
    this.onerror = null;
    whenUsed(function () {
      var real = new RealWorker(url, options);
      real.onmessage = function (ev) { if (self.onmessage) self.onmessage(ev); };
      real.onerror = function (ev) { if (self.onerror) self.onerror(ev); };
      self.__listeners.forEach(function (l) { real.addEventListener(l[0], l[1], l[2]); });
      self.__real = real;
      self.__queue.splice(0).forEach(function (args) { real.postMessage.apply(real, args); });
    });
  }
  KbWorker.prototype.postMessage = function () {
    if (this.__real) this.__real.postMessage.apply(this.__real, arguments); else this.__queue.push(arguments);
  };
  KbWorker.prototype.addEventListener = function (type, fn, opts) {
    this.__listeners.push([type, fn, opts]);
    if (this.__real) this.__real.addEventListener(type, fn, opts);
  };
  KbWorker.prototype.removeEventListener = function (type, fn, opts) {
    this.__listeners = this.__listeners.filter(function (l) { return !(l[0] === type && l[1] === fn); });
    if (this.__real) this.__real.removeEventListener(type, fn, opts);
  };
  KbWorker.prototype.terminate = function () { if (this.__real) this.__real.terminate(); };
  if (RealWorker) window.Worker = KbWorker;

  // -- http: Material's XMLHttpRequest for search/search_index.json ---------------------------
  // Made when the page loads (the search and its highlighting of search words ask for the
  // index): sent only when the search is used.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  XMLHttpRequest.prototype.open = function (method, url) {
    var path = String(url).split(/[?#]/)[0];
    this.__kbIndex = INDEX.test(path) ? String(url) : null;
    if (!this.__kbIndex) return open.apply(this, arguments);
    this.__kbOpen = Array.prototype.slice.call(arguments);
  };

  // Answer the request with `blob` as if the server had sent it (the 404 page's merged index).
  function answer(xhr, blob) {
    Object.defineProperty(xhr, "status", { value: 200 });
    Object.defineProperty(xhr, "statusText", { value: "OK" });
    Object.defineProperty(xhr, "response", { value: blob });
    Object.defineProperty(xhr, "readyState", { value: 4 });
    xhr.dispatchEvent(new Event("load"));
  }

  function merged(parts) {
    var first = parts[0];
    var index = { config: JSON.parse(JSON.stringify(first.config)), docs: [] };
    index.config.lang = [];
    parts.forEach(function (part) {
      part.config.lang.forEach(function (l) {
        if (index.config.lang.indexOf(l) < 0) index.config.lang.push(l);
      });
      index.docs = index.docs.concat(part.docs);
    });
    return index;
  }

  XMLHttpRequest.prototype.send = function () {
    var xhr = this;
    if (!xhr.__kbIndex) return send.apply(xhr, arguments);
    var url = xhr.__kbIndex;
    var args = xhr.__kbOpen;
    whenUsed(function () {
      var langs = languages();
      if (langs.length === 1) {
        args[1] = perLanguage(url, langs[0]);
        open.apply(xhr, args);
        send.call(xhr);
        return;
      }
      Promise.all(langs.map(function (lang) {
        return fetch(perLanguage(url, lang)).then(function (res) {
          if (!res.ok) throw new Error(res.statusText);
          return res.json();
        });
      })).then(function (parts) {
        answer(xhr, new Blob([JSON.stringify(merged(parts))], { type: "application/json" }));
      }, function () {
        xhr.dispatchEvent(new Event("error"));
      });
    });
  };

  // -- file://: Material's <script src="search/search_index.js"> ------------------------------
  // Added by Material when the search opens and, for its highlighting of search words,
  // when the page loads: held back until the search is used, then the page's language's.
  var appendChild = Node.prototype.appendChild;
  Node.prototype.appendChild = function (node) {
    if (node && node.tagName === "SCRIPT" && node.src && INDEX.test(node.src.split(/[?#]/)[0])) {
      var parent = this;
      var langs = languages();
      if (langs.length === 1) node.src = perLanguage(node.src, langs[0]);
      whenUsed(function () {
        if (!node.parentNode) appendChild.call(parent, node);
      });
      return node;
    }
    return appendChild.apply(this, arguments);
  };
})();
