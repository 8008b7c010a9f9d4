/* The offline copy, on the page: the "Keep this hub on this device" switch
   (home, My list, Staying safe), the notice on pages opened from the copy
   with no signal, and the way back from "Not kept on this device".

   Until someone ticks the switch this registers no service worker and
   stores nothing: it only asks whether a copy exists (which stores
   nothing). Unticking it removes the copy with hub.js's forgetOfflineCopy,
   the code "Exit this page" runs. The worker is offline-worker.js at the
   site's root, written by hub/build/offline.py with offline/build.json. */
(function () {
  "use strict";
  var hub = window.hub;
  if (!hub) return;
  var siteBase = new URL(hub.siteBase);
  var WORKER = new URL("offline-worker.js", siteBase).href;
  var BUILD_FILE = new URL("offline/build.json", siteBase).href;
  var canKeep = "serviceWorker" in navigator && "caches" in window && window.isSecureContext;
  var DAY_MS = 24 * 60 * 60 * 1000;

  function dateText(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return "an earlier day";
    return date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/London" });
  }

  // "the hub as published on 4 December 2026 (40 days ago)": the build's date, not the
  // day the device saved it, since that is how old the numbers are; "ago" by this
  // device's clock, so an old copy says it is old.
  function publishedText(iso) {
    var days = Math.floor((Date.now() - new Date(iso).getTime()) / DAY_MS);
    var ago = days >= 2 ? " (" + days + " days ago)" : days === 1 ? " (yesterday)" : "";
    return "the hub as published on " + dateText(iso) + ago;
  }

  function sizeText(bytes) {
    return bytes >= 1e6 ? (bytes / 1e6).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1e3)) + " KB";
  }

  // This build's version and date; with a copy kept, the worker says whether
  // the answer came from the network or (no signal) from the copy.
  function buildInfo() {
    return fetch(BUILD_FILE, { cache: "no-cache" }).then(function (response) {
      if (!response.ok) throw new Error("no offline/build.json (" + response.status + ")");
      return response.json().then(function (build) {
        return { build: build, source: response.headers.get("X-Hub-Offline-Source"), keptVersion: response.headers.get("X-Hub-Offline-Version") };
      });
    });
  }

  function keptRegistration() {
    return navigator.serviceWorker.getRegistration(siteBase.href).then(function (found) {
      return found && found.scope === siteBase.href ? found : null;
    });
  }

  function whenActive(registration) {
    return new Promise(function (resolve, reject) {
      var worker = registration.installing || registration.waiting || registration.active;
      if (!worker) { reject(new Error("no worker")); return; }
      if (worker.state === "activated") { resolve(); return; }
      worker.addEventListener("statechange", function () {
        if (worker.state === "activated") resolve();
        else if (worker.state === "redundant") reject(new Error("the copy was not saved"));
      });
    });
  }

  /* ------------------------------------------------------------------------
     The switch */
  document.querySelectorAll("[data-hub-offline]").forEach(function (box) {
    var keep = box.querySelector("[data-hub-offline-keep]");
    var status = box.querySelector("[data-hub-offline-status]");
    box.hidden = false;
    if (!canKeep) {
      keep.disabled = true;
      status.textContent = window.isSecureContext ? "This browser cannot keep a copy of the hub."
        : "A copy can be kept only when the hub is published over HTTPS.";
      return;
    }
    buildInfo().then(function (info) {
      box.querySelector("[data-hub-offline-size]").textContent = " (about " + sizeText(info.build.bytes) + ")";
      box.querySelector("[data-hub-offline-visited]").hidden = info.build.whole_site;
    }).catch(function () { /* a preview: the size is not known */ });
    keptRegistration().then(function (found) {
      keep.checked = Boolean(found);
      if (found && navigator.serviceWorker.controller) {
        buildInfo().then(function (info) {
          if (info.keptVersion === info.build.version) status.textContent = "Kept on this device: " + publishedText(info.build.built) + ".";
        }).catch(function () { /* said nothing: the switch shows the state */ });
      }
    });

    keep.addEventListener("change", function () {
      if (!keep.checked) {
        hub.forgetOfflineCopy().then(function () { status.textContent = "Removed from this device."; });
        return;
      }
      status.textContent = "Saving a copy of the hub on this device. You can keep using the hub meanwhile.";
      navigator.serviceWorker.register(WORKER, { scope: siteBase.pathname }).then(whenActive).then(function () {
        if (!keep.checked) return null;  // unticked while it was saving
        return buildInfo().then(function (info) {
          status.textContent = "Kept on this device: " + publishedText(info.build.built) + ". Untick the box to remove it.";
        });
      }).catch(function () {
        // Nothing half-saved is left behind.
        hub.forgetOfflineCopy().then(function () {
          keep.checked = false;
          status.textContent = "The copy could not be saved. Check your signal and tick the box again.";
        });
      });
    });
  });

  /* ------------------------------------------------------------------------
     A page from the kept copy: with no signal, when was it saved? Online,
     is there a newer build to save? */
  var notice = document.querySelector("[data-hub-offline-notice]");
  if (notice && canKeep && navigator.serviceWorker.controller) {
    buildInfo().then(function (info) {
      if (info.source === "kept") {
        notice.textContent = "From " + publishedText(info.build.built) + ": numbers may have changed, check when you are online.";
        notice.hidden = false;
      } else if (info.keptVersion && info.keptVersion !== info.build.version) {
        // Online, with a newer build than the copy this page came from: save it now.
        notice.textContent = "This page is from the copy kept on this device. A newer version of the hub is being saved now.";
        notice.hidden = false;
        navigator.serviceWorker.addEventListener("controllerchange", function () {
          notice.textContent = "A newer version of the hub is saved on this device: reload the page to see it.";
        });
        keptRegistration().then(function (found) { if (found) found.update(); });
      }
    }).catch(function () { /* neither network nor copy answered: nothing to say */ });
  }

  /* ------------------------------------------------------------------------
     "Not kept on this device": a link back to the page that was asked for,
     if it is a page of this site. */
  var retry = document.querySelector("[data-hub-not-kept-retry]");
  var asked = new URLSearchParams(location.search).get("page");
  if (retry && asked) {
    var target = new URL(asked, siteBase);
    if (target.origin === siteBase.origin && target.pathname.indexOf(siteBase.pathname) === 0) {
      retry.querySelector("[data-hub-not-kept-link]").href = target.href;
      retry.hidden = false;
    }
  }
})();
