/* Offline mode for outreach tablets. On a quartier's page, "keep this quartier offline"
   saves the quartier's pages, its services' pages and the site's files; the service
   worker (/sw.js) serves them when there is no connection. On a page served that way,
   the note says how fresh it is. The site works without this file. */
(function () {
  "use strict";

  var PAGES = "quartier-pages";
  var ASSETS = "quartier-assets";

  function formatDate(iso) {
    var lang = document.documentElement.lang || "fr";
    return new Date(iso).toLocaleString(lang + "-BE", { dateStyle: "long", timeStyle: "short" });
  }

  function showFreshness() {
    var saved = document.documentElement.dataset.saved;
    var note = document.querySelector(".offline-note");
    if (!saved || !note) return;
    note.textContent = note.dataset.text.replace("{date}", formatDate(saved));
    note.hidden = false;
  }

  /* A copy of the response, stamped with the time it was saved. */
  function stamped(response, savedAt) {
    var headers = new Headers(response.headers);
    headers.set("X-Quartier-Saved", savedAt);
    return response.blob().then(function (body) {
      return new Response(body, { status: response.status, statusText: response.statusText, headers: headers });
    });
  }

  function savePages(urls, savedAt) {
    return caches.open(PAGES).then(function (cache) {
      return Promise.all(urls.map(function (url) {
        // Public pages as anyone sees them: a shared tablet keeps no worker's view.
        return fetch(url, { credentials: "omit" }).then(function (response) {
          if (!response.ok) throw new Error(url + ": " + response.status);
          return stamped(response, savedAt).then(function (copy) { return cache.put(url, copy); });
        });
      }));
    });
  }

  function keepOffline(button, status) {
    var savedAt = new Date().toISOString();
    button.disabled = true;
    status.textContent = button.dataset.saving;
    navigator.serviceWorker.register(button.dataset.worker, { scope: "/" })
      .then(function () { return fetch(button.dataset.list); })
      .then(function (response) { return response.json(); })
      .then(function (list) {
        return caches.open(ASSETS)
          .then(function (cache) { return cache.addAll(list.assets); })
          .then(function () { return savePages(list.pages, savedAt); })
          .then(function () { return navigator.serviceWorker.ready; })
          .then(function () {
            status.textContent = button.dataset.saved
              .replace("{count}", list.pages.length)
              .replace("{date}", formatDate(savedAt));
          });
      })
      .catch(function () { status.textContent = button.dataset.failed; })
      .then(function () { button.disabled = false; });
  }

  function initKeepButton() {
    var button = document.querySelector(".keep-offline");
    if (!button || !("serviceWorker" in navigator) || !("caches" in window)) return;
    var status = document.querySelector(".offline-status");
    button.hidden = false;
    button.addEventListener("click", function () { keepOffline(button, status); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    showFreshness();
    initKeepButton();
  });
})();
