/* The hub's behaviour: Exit this page, list filters and Pagefind search.
   Everything is loaded from this site; nothing is fetched from third parties.
   Without JavaScript every list shows every record and "Exit" is a link. */
(function () {
  "use strict";

  // The site's root, whatever sub-path it is served under (Material's config;
  // on the 404 page it is relative to the page's <base>).
  var config = JSON.parse((document.getElementById("__config") || {}).textContent || "{}");
  var siteBase = new URL((config.base || ".") + "/", document.baseURI);

  /* ------------------------------------------------------------------------
     Exit this page: hide everything at once, then replace this history entry
     so Back does not return here. Shift pressed three times also exits. */
  var exitMeta = document.querySelector('meta[name="hub-exit-url"]');
  var exitUrl = exitMeta ? exitMeta.content : "https://www.bbc.co.uk/weather";

  function exitPage(event) {
    if (event) event.preventDefault();
    document.documentElement.classList.add("hub-exiting");
    document.title = "Loading";
    location.replace(exitUrl);
  }

  document.querySelectorAll("[data-hub-exit]").forEach(function (button) {
    button.addEventListener("click", exitPage);
  });

  var shiftPresses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { shiftPresses = []; return; }
    var now = Date.now();
    shiftPresses = shiftPresses.filter(function (t) { return now - t < 5000; });
    shiftPresses.push(now);
    if (shiftPresses.length >= 3) exitPage();
  });

  /* ------------------------------------------------------------------------
     Filters over a list of records; the state lives in the URL to share. */
  function matches(card, field, value) {
    if (!value) return true;
    if (field.dataset.match === "age") {
      if (!("ageMin" in card.dataset)) return true;
      var age = Number(value);
      return Number(card.dataset.ageMin) <= age && age <= Number(card.dataset.ageMax);
    }
    return (card.dataset[field.dataset.match] || "").split(" ").indexOf(value) !== -1;
  }

  document.querySelectorAll("[data-hub-filter]").forEach(function (form) {
    var list = form.parentElement.querySelector(".hub-cards");
    var count = form.parentElement.querySelector("[data-hub-count]");
    if (!list) return;
    var cards = Array.prototype.slice.call(list.children);
    var fields = Array.prototype.slice.call(form.elements).filter(function (f) { return f.name; });
    form.hidden = false;

    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        var visible = fields.every(function (f) { return matches(card, f, f.value); });
        card.hidden = !visible;
        if (visible) shown += 1;
      });
      var params = new URLSearchParams(location.search);
      fields.forEach(function (f) { if (f.value) params.set(f.name, f.value); else params.delete(f.name); });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      count.textContent = "Showing " + shown + " of " + cards.length + " " + form.dataset.noun;
    }

    var params = new URLSearchParams(location.search);
    fields.forEach(function (f) { if (params.has(f.name)) f.value = params.get(f.name); });
    form.addEventListener("change", apply);
    form.addEventListener("input", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  });

  /* ------------------------------------------------------------------------
     Search with Pagefind: its index is fetched from this site in small
     pieces, and only when someone searches. */
  var pagefind = null;
  function loadPagefind() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", siteBase).href).then(function (module) {
        return Promise.resolve(module.options({ baseUrl: siteBase.pathname })).then(function () { return module; });
      });
    }
    return pagefind;
  }

  // Pagefind's excerpts are text with <mark> around matches: keep only those.
  function excerptNode(html) {
    var holder = document.createElement("p");
    html.split(/(<mark>|<\/mark>)/).reduce(function (inMark, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      var text = document.createTextNode(new DOMParser().parseFromString(part, "text/html").documentElement.textContent);
      if (inMark) { var mark = document.createElement("mark"); mark.appendChild(text); holder.appendChild(mark); }
      else holder.appendChild(text);
      return inMark;
    }, false);
    return holder;
  }

  function renderResults(list, results) {
    list.textContent = "";
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.meta.title || result.url;
      item.appendChild(link);
      if (result.meta.type) {
        var meta = document.createElement("span");
        meta.className = "hub-search-results__meta";
        meta.textContent = result.meta.type + (result.meta.districts ? " · " + result.meta.districts : "");
        item.appendChild(meta);
      }
      item.appendChild(excerptNode(result.excerpt || ""));
      list.appendChild(item);
    });
  }

  function search(term, status, list, filters) {
    if (location.protocol === "file:") {
      status.textContent = "Search works when the site is served by a web server, not opened as files.";
      return Promise.resolve();
    }
    return loadPagefind().then(function (module) {
      return module.debouncedSearch(term, { filters: filters || {} }, 150);
    }).then(function (found) {
      if (found === null) return; // a newer search replaced this one
      return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); })).then(function (results) {
        var total = found.results.length;
        status.textContent = total === 0 ? "No results for \u201c" + term + "\u201d" :
          total + (total === 1 ? " result" : " results") + " for \u201c" + term + "\u201d" + (total > 20 ? " (showing the first 20)" : "");
        renderResults(list, results);
      });
    }).catch(function () {
      status.textContent = "Search is not available right now. Browse the services and resources lists instead.";
    });
  }

  // The header search: results drop down under the box as you type. The box
  // is a plain search field (not a combobox: the results are ordinary links
  // reached with Tab), so the live status line announces them, not aria-expanded.
  document.querySelectorAll("[data-hub-search]").forEach(function (form) {
    var input = form.querySelector("input");
    var panel = form.querySelector(".hub-search__panel");
    var status = form.querySelector("[data-hub-search-status]");
    var announce = form.querySelector("[data-hub-search-announce]");
    var list = form.querySelector("[data-hub-search-results]");
    function close() { panel.hidden = true; }
    input.addEventListener("input", function () {
      var term = input.value.trim();
      if (!term) { close(); list.textContent = ""; return; }
      panel.hidden = false;
      search(term, status, list).then(function () { announce.textContent = status.textContent; });
    });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); input.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) close();
    });
  });

  // The search page: ?q= in the address, plus Pagefind's type and district filters.
  document.querySelectorAll("[data-hub-search-page]").forEach(function (form) {
    var input = form.querySelector("input[name=q]");
    var page = form.parentElement;
    var status = page.querySelector("[data-hub-search-status]");
    var list = page.querySelector("[data-hub-search-results]");
    var selects = {};
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";

    function run() {
      var term = input.value.trim();
      var query = new URLSearchParams();
      var filters = {};
      if (term) query.set("q", term);
      Object.keys(selects).forEach(function (name) {
        if (selects[name].value) { filters[name] = selects[name].value; query.set(name, selects[name].value); }
      });
      history.replaceState(null, "", location.pathname + (query.toString() ? "?" + query : ""));
      if (!term) { status.textContent = "Type a word such as \u201csextortion\u201d, a service or a district."; list.textContent = ""; return; }
      search(term, status, list, filters);
    }

    if (location.protocol !== "file:") {
      loadPagefind().then(function (module) { return module.filters(); }).then(function (available) {
        ["type", "district"].forEach(function (name) {
          if (!available[name]) return;
          var wrapper = document.createElement("div");
          wrapper.className = "hub-filters__field";
          var label = document.createElement("label");
          label.htmlFor = "hub-search-" + name;
          label.textContent = name === "type" ? "Type" : "District";
          var select = document.createElement("select");
          select.id = "hub-search-" + name;
          select.name = name;
          select.appendChild(new Option("Any", ""));
          Object.keys(available[name]).sort().forEach(function (value) { select.appendChild(new Option(value, value)); });
          select.value = params.get(name) || "";
          select.addEventListener("change", run);
          wrapper.appendChild(label);
          wrapper.appendChild(select);
          form.insertBefore(wrapper, form.querySelector("button"));
          selects[name] = select;
        });
        run();
      }).catch(run);
    } else {
      run();
    }
    input.addEventListener("input", run);
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  });
})();
