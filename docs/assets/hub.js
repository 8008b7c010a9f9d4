/* The hub's behaviour: Exit this page, dated sessions, list filters, the
   hand-over list and Pagefind search. Everything is loaded from this site;
   nothing is fetched from third parties. Without JavaScript every list shows
   every record and "Exit" is a link. */
(function () {
  "use strict";

  // The site's root, whatever sub-path it is served under (Material's config;
  // on the 404 page it is relative to the page's <base>).
  var config = JSON.parse((document.getElementById("__config") || {}).textContent || "{}");
  var siteBase = new URL((config.base || ".") + "/", document.baseURI);

  /* ------------------------------------------------------------------------
     What this page holds, and Exit. A page the person typed into or listed
     something on can come back after "Exit this page": from the browser's
     back/forward cache, or loaded again by Back with its form filled in.
     So each such page writes this tab's mark (MARK_KEY in sessionStorage: a
     random text, named hub- so Exit deletes it) into its own history entry.
     When a page is shown and its entry's mark is no longer this tab's mark,
     Exit was used since: the page forgets what was typed or listed in it.
     Back without Exit finds the same mark and keeps everything. */
  var MARK_KEY = "hub-tab";

  function tabMark(create) {
    try {
      var mark = sessionStorage.getItem(MARK_KEY);
      if (!mark && create) {
        var bytes = new Uint8Array(16);
        window.crypto.getRandomValues(bytes);
        mark = Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
        sessionStorage.setItem(MARK_KEY, mark);
      }
      return mark;
    } catch (error) {
      return null; // storage refused: see pageshow below
    }
  }

  function entryState() {
    return history.state && typeof history.state === "object" ? history.state : {};
  }

  // This page now holds something the person typed or listed.
  function holdsSomething() {
    var mark = tabMark(true);
    if (mark && entryState().hubMark !== mark) history.replaceState(Object.assign({}, entryState(), { hubMark: mark }), "");
  }

  // Forget what this page holds: typed text and choices, tools' answers (reflect.js and
  // the list page listen for hub:exit), the list shown by the buttons.
  function forgetThisPage() {
    memoryList = [];
    document.querySelectorAll("form").forEach(function (form) { form.reset(); });
    document.dispatchEvent(new CustomEvent("hub:exit"));
    showAddButtons();
    if ("hubMark" in entryState()) history.replaceState(Object.assign({}, entryState(), { hubMark: null }), "");
  }

  window.addEventListener("pageshow", function (event) {
    var mark = entryState().hubMark;
    var now = tabMark(false);
    // Storage refused (no mark can be kept): a page restored from the cache forgets, to be safe.
    if ((mark && mark !== now) || (event.persisted && now === null && !storageWorks())) forgetThisPage();
  });
  document.addEventListener("input", holdsSomething);
  document.addEventListener("change", holdsSomething);

  function storageWorks() {
    try { sessionStorage.setItem(MARK_KEY + "-test", "1"); sessionStorage.removeItem(MARK_KEY + "-test"); return true; } catch (error) { return false; }
  }

  /* ------------------------------------------------------------------------
     The hand-over list: record ids kept in this tab only (sessionStorage),
     never sent anywhere, never in the address. The list page builds a link
     holding them only when the person asks for one to share. */
  var LIST_KEY = "hub-list";
  var memoryList = [];  // when the browser refuses storage (some private modes)

  function unique(ids) {
    return ids.filter(function (id, index) { return ids.indexOf(id) === index; });
  }

  // Any text may be read here; only ids the list page's records name are ever shown.
  function readList() {
    try {
      var stored = JSON.parse(sessionStorage.getItem(LIST_KEY) || "[]");
      return Array.isArray(stored) ? unique(stored.filter(function (id) { return typeof id === "string"; })) : [];
    } catch (error) {
      return memoryList.slice();
    }
  }

  function writeList(ids) {
    memoryList = ids.slice();
    try {
      if (ids.length) sessionStorage.setItem(LIST_KEY, JSON.stringify(ids));
      else sessionStorage.removeItem(LIST_KEY);
    } catch (error) { /* kept in memory */ }
    if (ids.length) holdsSomething();
    showListCount(ids);
  }

  function itemsWord(count) { return count + (count === 1 ? " item" : " items"); }

  function showListCount(ids) {
    document.querySelectorAll("[data-hub-list-count]").forEach(function (count) { count.textContent = ids.length; });
    // The bar leads to the list page: not needed there, nor while the list is empty.
    var onListPage = document.querySelector("[data-hub-list]") !== null;
    document.querySelectorAll("[data-hub-list-bar]").forEach(function (bar) { bar.hidden = ids.length === 0 || onListPage; });
  }

  function announce(message) {
    var region = document.querySelector("[data-hub-list-announce]");
    if (region) region.textContent = message;
  }

  function showAddButtons() {
    var ids = readList();
    document.querySelectorAll("[data-hub-add]").forEach(function (button) {
      var listed = ids.indexOf(button.dataset.hubAdd) !== -1;
      button.querySelector("[data-hub-add-label]").textContent = listed ? "Remove from my list" : "Add to my list";
      button.classList.toggle("hub-add--on", listed);
    });
    showListCount(ids);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-hub-add]") : null;
    if (!button) return;
    var id = button.dataset.hubAdd;
    var ids = readList();
    var title = button.dataset.hubTitle || id;
    if (ids.indexOf(id) === -1) {
      ids.push(id);
      writeList(ids);
      announce(title + " added to your list. Your list has " + itemsWord(ids.length) + ".");
    } else {
      ids = ids.filter(function (other) { return other !== id; });
      writeList(ids);
      announce(title + " removed from your list. Your list has " + itemsWord(ids.length) + ".");
    }
    showAddButtons();
  });
  showAddButtons();
  // Back and Forward can show a page from the cache: show the list as it is now.
  window.addEventListener("pageshow", function () { showAddButtons(); });

  /* ------------------------------------------------------------------------
     Everything the hub keeps in this browser is named with KEPT_PREFIX:
     storage keys (the list, kept answers), caches and the offline copy's
     service worker (registered only under this site's address). Exit deletes
     all of it here, in one place, whichever page it is pressed on. */
  var KEPT_PREFIX = "hub-";

  function removeKeptKeys(store) {
    try {
      for (var i = store.length - 1; i >= 0; i--) {
        var key = store.key(i);
        if (key && key.indexOf(KEPT_PREFIX) === 0) store.removeItem(key);
      }
    } catch (error) { /* storage turned off: nothing is kept there */ }
  }

  // The offline copy (offline.js): its caches and its service worker.
  function forgetOfflineCopy() {
    var pending = [];
    if (window.caches) {
      pending.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf(KEPT_PREFIX) === 0; })
          .map(function (name) { return caches.delete(name); }));
      }));
    }
    if (navigator.serviceWorker) {
      pending.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.filter(function (registration) { return registration.scope.indexOf(siteBase.href) === 0; })
          .map(function (registration) { return registration.unregister(); }));
      }));
    }
    return Promise.all(pending).catch(function () { /* nothing more can be removed */ });
  }

  function forgetEverything() {
    memoryList = [];
    ["sessionStorage", "localStorage"].forEach(function (name) {
      var store = null;
      try { store = window[name]; } catch (error) { store = null; }
      if (store) removeKeptKeys(store);
    });
    return forgetOfflineCopy();
  }

  // "Remove from this device" (offline.js) removes the offline copy with Exit's own code.
  window.hub = { forgetOfflineCopy: forgetOfflineCopy, siteBase: siteBase.href };

  /* ------------------------------------------------------------------------
     Exit this page: hide everything at once, forget everything kept, then
     replace this history entry so Back does not return here. Shift pressed
     three times also exits. */
  // Where Exit goes is a setting (mkdocs.yml, hub/records/settings.py's default): the page carries it.
  var exitMeta = document.querySelector('meta[name="hub-exit-url"]');
  var exitLink = document.querySelector("a[data-hub-exit]");
  var exitUrl = exitMeta ? exitMeta.content : exitLink ? exitLink.href : "about:blank";
  // Caches and a service worker are removed asynchronously: Exit waits for
  // them, but never longer than this, with the page already hidden.
  var EXIT_WAIT_MS = 400;

  function exitPage(event) {
    if (event) event.preventDefault();
    document.documentElement.classList.add("hub-exiting");
    document.title = "Loading";
    // Tools with answers in the page (reflect.js) empty their forms now.
    document.dispatchEvent(new CustomEvent("hub:exit"));
    var leave = function () {
      // In another website's frame (embed/ pages), leave that website too.
      if (window.top !== window.self) {
        try { window.top.location.replace(exitUrl); return; } catch (error) { /* not allowed: leave the frame at least */ }
      }
      location.replace(exitUrl);
    };
    Promise.race([forgetEverything(), new Promise(function (done) { setTimeout(done, EXIT_WAIT_MS); })]).then(leave, leave);
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
     Dated sessions (training): the site is static, so a page can be older
     than its dates. Anything with `data-hub-ends` that has ended by the
     visitor's clock is marked ended and hidden (or, on a course page, moved
     to its past dates); lists with `data-hub-limit` show the next ones. */
  function markEnded() {
    var now = Date.now();
    document.querySelectorAll("[data-hub-ends]").forEach(function (item) {
      if (Date.parse(item.dataset.hubEnds) > now) return;
      item.setAttribute("data-hub-ended", "");
      var pastId = item.parentElement.dataset.hubPastList;
      var past = pastId && document.getElementById(pastId);
      if (past) {
        item.querySelectorAll("[data-hub-upcoming-only]").forEach(function (part) { part.remove(); });
        item.removeAttribute("data-hub-ends");
        past.insertBefore(item, past.firstChild);
      } else {
        item.hidden = true;
      }
    });
    document.querySelectorAll("[data-hub-limit]").forEach(function (list) {
      var limit = Number(list.dataset.hubLimit);
      var current = Array.prototype.filter.call(list.children, function (item) { return !item.hasAttribute("data-hub-ended"); });
      current.forEach(function (item, index) { item.hidden = index >= limit; });
    });
    showEmptyNotes();
  }

  // A list's "nothing here" note (the next sibling with data-hub-empty) shows when the list shows nothing.
  function showEmptyNotes() {
    document.querySelectorAll("[data-hub-empty]").forEach(function (note) {
      var list = note.previousElementSibling;
      if (!list || !/^(UL|OL)$/.test(list.tagName)) return;
      note.hidden = Array.prototype.some.call(list.children, function (item) { return !item.hidden; });
    });
  }

  markEnded();

  /* ------------------------------------------------------------------------
     Filters over the lists of records below a form; the state lives in the
     URL to share. A card whose value for a filter is "*" (a course you can
     start any time, for the month filter) matches every choice. */
  function matches(card, field, value) {
    if (!value) return true;
    if (field.dataset.match === "age") {
      if (!("ageMin" in card.dataset)) return true;
      var age = Number(value);
      return Number(card.dataset.ageMin) <= age && age <= Number(card.dataset.ageMax);
    }
    if (field.dataset.match === "age-band") {
      // "13-17": a card whose ages reach into the group (no ages: every age), as the map of support counts.
      if (!("ageMin" in card.dataset)) return true;
      var band = value.split("-").map(Number);
      return Number(card.dataset.ageMin) <= band[1] && band[0] <= Number(card.dataset.ageMax);
    }
    var values = (card.dataset[field.dataset.match] || "").split(" ");
    return values.indexOf(value) !== -1 || values.indexOf("*") !== -1;
  }

  document.querySelectorAll("[data-hub-filter]").forEach(function (form) {
    var lists = form.parentElement.querySelectorAll(".hub-cards");
    var count = form.parentElement.querySelector("[data-hub-count]");
    if (!lists.length) return;
    var cards = [];
    lists.forEach(function (list) { cards = cards.concat(Array.prototype.slice.call(list.children)); });
    // Sessions that ended after the build are gone for good, not filtered.
    cards = cards.filter(function (card) { return !card.hasAttribute("data-hub-ended"); });
    var fields = Array.prototype.slice.call(form.elements).filter(function (f) { return f.name; });

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
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
      count.textContent = "Showing " + shown + " of " + cards.length + " " + form.dataset.noun;
      showEmptyNotes();
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
     pieces, and only when someone searches. A large site's index comes in
     parts (hub/build/search.py), listed in pagefind/parts.json and merged here. */
  var pagefind = null;
  // The parts list and the build's version are checked with the server each
  // time (cache: "no-cache"), so they match the index being served.
  function indexParts() {
    return fetch(new URL("pagefind/parts.json", siteBase).href, { cache: "no-cache" }).then(function (response) {
      return response.ok ? response.json() : { parts: [] }; // a preview's index is one part
    }).then(function (listed) { return listed.parts || []; });
  }

  // The build's version (hub/build/offline.py) is Pagefind's metaCacheTag:
  // each index part's entry file is then asked for by one address per build,
  // so the offline copy can keep it (without it, the address changes on
  // every search). With a copy kept on this device, its version, so the kept
  // index is used. A preview has no version: Pagefind's default.
  function buildVersion() {
    return fetch(new URL("offline/build.json", siteBase).href, { cache: "no-cache" }).then(function (response) {
      if (!response.ok) return null;
      return response.headers.get("X-Hub-Offline-Version") || response.json().then(function (build) { return build.version || null; });
    }, function () { return null; });
  }

  function loadPagefind() {
    if (!pagefind) {
      var options = { baseUrl: siteBase.pathname };
      pagefind = Promise.all([import(new URL("pagefind/pagefind.js", siteBase).href), indexParts(), buildVersion()]).then(function (loaded) {
        var module = loaded[0];
        if (loaded[2]) options.metaCacheTag = loaded[2];
        return Promise.resolve(module.options(options)).then(function () {
          return Promise.all(loaded[1].map(function (part) {
            return module.mergeIndex(new URL(part, siteBase).pathname, options);
          }));
        }).then(function () { return module; });
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
        // What the record is, for whom and where.
        var meta = document.createElement("span");
        meta.className = "hub-search-results__meta";
        meta.textContent = [result.meta.type, result.meta.audience ? "for " + result.meta.audience : "", result.meta.districts]
          .filter(Boolean).join(" \u00b7 ");
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
    form.addEventListener("reset", function () { close(); list.textContent = ""; status.textContent = ""; announce.textContent = ""; });
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
      history.replaceState(history.state, "", location.pathname + (query.toString() ? "?" + query : ""));
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
    form.addEventListener("reset", function () { setTimeout(run, 0); });
  });

  /* ------------------------------------------------------------------------
     The list page: the records on the list with their contacts, to print or
     share. The list is the one kept in this tab. A shared link's ?ids=a,b,c
     is read once, becomes this tab's list, and is taken out of the address
     at once, so no history entry keeps it. The link to share is made only in
     the share box, when the person asks for it. */
  var SAFE_LINK = /^(https?:|tel:|mailto:|sms:)/i;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function shortened(text) {
    return text.length > 40 ? text.slice(0, 39) + "\u2026" : text;
  }

  function contactItem(line) {
    var li = element("li");
    li.appendChild(element("span", "hub-contact__label", line.label));
    li.appendChild(document.createTextNode(" "));
    var href = line.local ? new URL(line.href, siteBase).href : line.href;
    if (line.local || SAFE_LINK.test(href)) {
      var link = element("a", "", line.text);
      link.href = href;
      li.appendChild(link);
    } else {
      li.appendChild(document.createTextNode(line.text));
    }
    if (line.note) li.appendChild(element("span", "hub-contact__note", " (" + line.note + ")"));
    return li;
  }

  function listEntry(id, record, onRemove) {
    var li = element("li");
    li.dataset.id = id;
    var heading = element("h2");
    var link = element("a", "", record.title);
    link.href = new URL(record.url, siteBase).href;
    heading.appendChild(link);
    li.appendChild(heading);
    li.appendChild(element("p", "hub-card__meta", record.what + " \u00b7 for " + record.who + " \u00b7 " + record.where));
    if (record.summary) li.appendChild(element("p", "", record.summary));
    var contacts = element("ul", "hub-contact");
    record.contacts.forEach(function (line) { contacts.appendChild(contactItem(line)); });
    if (!record.contacts.length) contacts.appendChild(element("li", "", "Not published online: ask the practitioner who gave you this list."));
    li.appendChild(contacts);
    var remove = element("button", "hub-add hub-add--on", "Remove from my list");
    remove.type = "button";
    remove.appendChild(element("span", "hub-visually-hidden", ": " + record.title));
    remove.addEventListener("click", function () { onRemove(li, id, record.title); });
    li.appendChild(remove);
    return li;
  }

  document.querySelectorAll("[data-hub-list]").forEach(function (page) {
    var status = page.querySelector("[data-hub-list-status]");
    var itemsList = page.querySelector("[data-hub-list-items]");
    var missingBox = page.querySelector("[data-hub-list-missing]");
    var actions = page.querySelector("[data-hub-list-actions]");
    var share = page.querySelector("[data-hub-list-share]");
    var shareLink = page.querySelector("[data-hub-list-link]");
    var params = new URLSearchParams(location.search);
    var asked = readList();
    if (params.has("ids")) {
      asked = unique(params.get("ids").split(",").map(function (id) { return id.trim(); }).filter(Boolean));
      writeList(asked);
      params.delete("ids");
      history.replaceState(entryState(), "", location.pathname + (params.toString() ? "?" + params : "") + location.hash);
    }
    var records = {};

    function listLink(ids) {
      return location.origin + location.pathname + "?ids=" + ids.join(",");
    }

    function hideShareBox() {
      share.hidden = true;
      shareLink.value = "";
    }

    function showStatus(count, moveFocus) {
      status.textContent = count ? "Your list has " + itemsWord(count) + "." :
        "Your list is empty. Use \u201cAdd to my list\u201d on any service or resource to add it here.";
      actions.hidden = count === 0;
      if (moveFocus) {
        status.setAttribute("tabindex", "-1");
        status.focus();
      }
    }

    // The page shows `ids`; nothing is written (Exit's forgetting writes nothing back).
    function render(ids) {
      itemsList.textContent = "";
      ids.forEach(function (id) { itemsList.appendChild(listEntry(id, records[id], remove)); });
      hideShareBox();
      showStatus(ids.length, false);
    }

    // One entry out: the list is not drawn again, and focus moves to the next entry's
    // Remove button (the one before it when it was the last), or to the status line.
    function remove(entry, id, title) {
      var next = entry.nextElementSibling || entry.previousElementSibling;
      entry.remove();
      var ids = readList().filter(function (other) { return other !== id; });
      writeList(ids);
      hideShareBox();
      showStatus(ids.length, !next);
      if (next) next.querySelector("button").focus();
      announce(title + " removed from your list. Your list has " + itemsWord(ids.length) + ".");
    }

    fetch(page.dataset.records).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (data) {
      records = data.records || {};
      var found = asked.filter(function (id) { return Object.prototype.hasOwnProperty.call(records, id); });
      var missing = asked.filter(function (id) { return found.indexOf(id) === -1; });
      if (missing.length) {
        missingBox.textContent = "";
        missingBox.appendChild(element("p", "", (missing.length === 1 ? "This list named a record that is" : "This list named " + missing.length + " records that are") +
          " no longer in the hub: " + missing.map(function (id) { return "\u201c" + shortened(id) + "\u201d"; }).join(", ") +
          ". It may have been renamed or removed; search the hub for it. The rest of the list is below."));
        missingBox.hidden = false;
      }
      writeList(found);
      render(found);
    }).catch(function () {
      status.textContent = "The list could not be loaded. Check your connection and reload the page.";
    });

    // Exit, or this page shown again after Exit: the list is gone.
    document.addEventListener("hub:exit", function () {
      missingBox.hidden = true;
      render([]);
    });

    page.querySelector("[data-hub-list-print]").addEventListener("click", function () { window.print(); });
    page.querySelector("[data-hub-list-clear]").addEventListener("click", function () {
      writeList([]);
      render([]);
      showStatus(0, true);
      announce("Your list is now empty.");
    });
    page.querySelector("[data-hub-list-copy]").addEventListener("click", function () {
      var text = listLink(readList());
      shareLink.value = text;
      share.hidden = false;
      var copied = navigator.clipboard && window.isSecureContext ? navigator.clipboard.writeText(text) : Promise.reject();
      copied.then(function () { announce("The link to your list is copied. Paste it into a message or email."); }, function () {
        shareLink.focus();
        shareLink.select();
        announce("Your browser did not let the hub copy the link: it is selected below, copy it yourself.");
      });
    });
  });
})();
