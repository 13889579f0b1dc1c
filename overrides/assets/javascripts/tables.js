/* Column chooser for the comparison tables (overrides/macros/tables.j2).
 *
 * Progressive enhancement: without this script the chooser stays hidden and every
 * column shows. With it, ticking columns shows only those; none ticked means all.
 * The choice lives in the page address (?<table id>=id1,id2), so a reload or a
 * shared link shows the same columns. Only the query changes, which browsers allow
 * on file:// pages too. Every visible word comes from the page (data/ui/tables.yaml).
 */
(function () {
  "use strict";

  function keep(list, wanted) {
    return list.filter(function (id) { return wanted.indexOf(id) !== -1; });
  }

  function fromUrl(key, known) {
    var value = new URLSearchParams(window.location.search).get(key) || "";
    return keep(known, value.split(","));
  }

  function toUrl(key, chosen) {
    var params = new URLSearchParams(window.location.search);
    if (chosen.length) { params.set(key, chosen.join(",")); } else { params.delete(key); }
    var query = params.toString().replace(/%2C/gi, ",");
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    try {
      window.history.replaceState(window.history.state, "", url);
    } catch (e) {
      // A browser that refuses (some file:// setups): the choice lasts until reload.
    }
  }

  function setup(box) {
    var key = box.getAttribute("data-kb-table");
    var chooser = box.querySelector(".kb-chooser");
    if (!key || !chooser) { return; }
    var inputs = Array.prototype.slice.call(chooser.querySelectorAll("input[type=checkbox]"));
    var known = inputs.map(function (input) { return input.value; });
    var status = chooser.querySelector(".kb-chooser-status");
    var template = chooser.getAttribute("data-status") || "";

    function show(chosen) {
      var all = chosen.length === 0;
      var visible = function (id) { return all || chosen.indexOf(id) !== -1; };
      inputs.forEach(function (input) { input.checked = chosen.indexOf(input.value) !== -1; });
      Array.prototype.forEach.call(box.querySelectorAll("[data-col]"), function (cell) {
        cell.hidden = !visible(cell.getAttribute("data-col"));
      });
      // Group headers span only their visible columns, and vanish with the last one.
      Array.prototype.forEach.call(box.querySelectorAll("[data-cols]"), function (group) {
        var n = group.getAttribute("data-cols").split(" ").filter(visible).length;
        group.hidden = n === 0;
        group.colSpan = Math.max(n, 1);
      });
      // A printed part (tables.j2 _print_parts) with none of the chosen columns goes.
      Array.prototype.forEach.call(box.querySelectorAll(".kb-print-part"), function (part) {
        part.hidden = !Array.prototype.some.call(part.querySelectorAll("thead [data-col]"), function (th) {
          return !th.hidden;
        });
      });
      var shown = all ? known.length : chosen.length;
      status.textContent = template.replace("{shown}", shown).replace("{total}", known.length);
      box.setAttribute("data-kb-chosen", chosen.join(","));
      markOverflow();
    }

    chooser.addEventListener("change", function () {
      var chosen = inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
      show(chosen);
      toUrl(key, chosen);
    });
    chooser.querySelector(".kb-chooser-all").addEventListener("click", function () {
      show([]);
      toUrl(key, []);
    });

    show(fromUrl(key, known));
    chooser.hidden = false;
  }

  // The scroll hint under the caption shows only while the table is wider than its box.
  function markOverflow() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kb-table]"), function (box) {
      var region = box.querySelector(".kb-table-scroll");
      if (!region) { return; }
      if (region.scrollWidth > region.clientWidth + 1) {
        box.setAttribute("data-kb-overflows", "");
      } else {
        box.removeAttribute("data-kb-overflows");
      }
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kb-table]"), setup);
    markOverflow();
    var pending = false;
    window.addEventListener("resize", function () {
      if (pending) { return; }
      pending = true;
      window.requestAnimationFrame(function () { pending = false; markOverflow(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
