/* The hub's offline copy: a service worker that exists only after someone
   ticks "Keep this hub on this device" (docs/assets/offline.js registers it,
   at the site's root). hub/build/offline.py writes it into each build with
   that build's version, so a new build is a new worker: the browser fetches
   it on a visit online, the new copy is saved, and the old one deleted.

   Everything it keeps is in one cache named "hub-offline-<version>", so
   "Exit this page" and "Remove from this device" (hub.js) delete it with
   every other "hub-" cache, and unregister this worker.

   Pages and files are answered from the kept copy first, so a page opens at
   once on a poor signal; anything not kept is fetched and kept for next
   time. offline/build.json alone is asked of the network first: the page
   compares it with the kept copy to tell whether it is offline. */
"use strict";

// Filled in by the build (hub/build/offline.py).
var VERSION = "@VERSION@";
var FILE_LIST = "@FILE_LIST@";
var ROOT = new URL("./", self.location.href).href;  // the site's root: this file is there
var BUILD_FILE = new URL("@BUILD_FILE@", ROOT).href;
var NOT_KEPT_PAGE = new URL("@NOT_KEPT_PAGE@", ROOT).href;
var CACHE = "hub-offline-" + VERSION;
var BATCH = 40;  // files fetched at once while saving the copy

self.addEventListener("install", function (event) {
  event.waitUntil(saveCopy().then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("hub-offline-") === 0 && name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

/* Saving: every file the build lists, checked with the server (not the
   browser's ordinary cache, which could hold an older build). A copy cut
   short by a lost signal is resumed where it stopped: files already saved
   for this version are not fetched again. Removing the copy meanwhile (the
   cache is deleted) stops the saving. */
function saveCopy() {
  return fetch(new URL(FILE_LIST + "?v=" + encodeURIComponent(VERSION), ROOT).href, { cache: "no-store" })
    .then(function (response) {
      if (!response.ok) throw new Error("the list of files to keep is missing (" + response.status + ")");
      return response.json();
    }).then(function (list) {
      if (list.version !== VERSION) throw new Error("a newer build is being published: try again in a minute");
      var urls = list.keep.map(function (path) { return new URL(path, ROOT).href; });
      return caches.open(CACHE).then(function (cache) {
        return saveMissing(cache, urls).then(function () { return carryOver(cache, urls); });
      });
    });
}

function saveMissing(cache, urls) {
  return cache.keys().then(function (saved) {
    var have = {};
    saved.forEach(function (request) { have[request.url] = true; });
    var missing = urls.filter(function (url) { return !have[url]; });
    var next = function (start) {
      if (start >= missing.length) return Promise.resolve();
      return stillKept().then(function (kept) {
        if (!kept) throw new Error("the copy was removed while it was being saved");
        return cache.addAll(missing.slice(start, start + BATCH).map(function (url) { return new Request(url, { cache: "no-cache" }); }));
      }).then(function () { return next(start + BATCH); });
    };
    return next(0);
  });
}

/* Pages kept because they were visited (when the whole site is too large to
   keep up front) are fetched again from the new build, best effort. */
function carryOver(cache, listed) {
  var wanted = {};
  listed.forEach(function (url) { wanted[url] = true; });
  return caches.keys().then(function (names) {
    var older = names.filter(function (name) { return name.indexOf("hub-offline-") === 0 && name !== CACHE; });
    return Promise.all(older.map(function (name) {
      return caches.open(name).then(function (old) { return old.keys(); });
    }));
  }).then(function (lists) {
    var visited = [];
    lists.forEach(function (requests) {
      requests.forEach(function (request) {
        if (!wanted[request.url] && request.url.indexOf(ROOT) === 0) { wanted[request.url] = true; visited.push(request.url); }
      });
    });
    return Promise.all(visited.map(function (url) {
      return fetch(url, { cache: "no-cache" }).then(function (response) {
        return keepable(response) ? cache.put(url, response) : null;
      }).catch(function () { /* gone from the new build, or no signal: not kept */ });
    }));
  });
}

function stillKept() { return caches.has(CACHE); }

function keepable(response) {
  return response && response.ok && response.type === "basic" && !/no-store/i.test(response.headers.get("Cache-Control") || "");
}

/* Answering ------------------------------------------------------------ */
self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(ROOT) !== 0) return;  // not the hub's: the browser's business
  if (request.url.split("?")[0] === BUILD_FILE) { event.respondWith(buildFile(request)); return; }
  event.respondWith(answer(request));
});

function answer(request) {
  var page = request.mode === "navigate";
  // A page's address may carry filters or a list (?district=leeds): the page is the same.
  var key = page ? request.url.split("#")[0].split("?")[0] : request.url;
  // Reads name the cache rather than open it: opening would make it again
  // after "Remove from this device" or Exit deleted it.
  return caches.match(key, { cacheName: CACHE }).then(function (kept) {
    if (kept) return kept;
    return fetch(request).then(function (response) {
      if (keepable(response)) {
        var copy = response.clone();
        stillKept().then(function (yes) {
          if (yes) return caches.open(CACHE).then(function (cache) { return cache.put(key, copy); });
        }).catch(function () { /* storage full: not kept */ });
      }
      return response;
    }, function (error) {
      if (!page) throw error;
      // Offline, and this page was never kept: say so, with the way back.
      var address = new URL(NOT_KEPT_PAGE);
      address.searchParams.set("page", request.url.slice(ROOT.length));
      return caches.match(NOT_KEPT_PAGE, { cacheName: CACHE }).then(function (notKept) {
        return notKept ? Response.redirect(address.href, 302) : Promise.reject(error);
      });
    });
  });
}

/* offline/build.json: the network's (the newest build) when it answers,
   otherwise the kept copy's. Either way the kept copy's version rides along,
   so the page can tell "offline" and "a newer build is out" apart. */
function buildFile(request) {
  var marked = function (response, source) {
    return response.blob().then(function (body) {
      var headers = new Headers(response.headers);
      headers.set("X-Hub-Offline-Version", VERSION);
      headers.set("X-Hub-Offline-Source", source);
      return new Response(body, { status: response.status, statusText: response.statusText, headers: headers });
    });
  };
  return fetch(BUILD_FILE, { cache: "no-store" }).then(function (response) {
    if (!response.ok) throw new Error(response.status);
    return marked(response, "network");
  }).catch(function () {
    return caches.match(BUILD_FILE, { cacheName: CACHE }).then(function (kept) {
      return kept ? marked(kept, "kept") : Response.error();
    });
  });
}
