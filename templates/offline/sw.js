/* Quartier's service worker: pages a worker kept offline (static/js/offline.js) are served
   from the cache when the network fails, marked with the time they were saved. */
"use strict";

var PAGES = "quartier-pages";
var ASSETS = "quartier-assets";
var STATIC_URL = "{{ static_url|escapejs }}";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () { return savedPage(request); }));
  } else if (url.pathname.indexOf(STATIC_URL) === 0) {
    event.respondWith(fetch(request).catch(function () {
      return caches.match(request, { cacheName: ASSETS, ignoreVary: true }).then(orError);
    }));
  }
});

/* The saved copy, its <html> element marked with when it was saved (offline.js shows it). */
function savedPage(request) {
  return caches.match(request, { cacheName: PAGES, ignoreVary: true }).then(function (saved) {
    if (!saved) return Response.error();
    return saved.text().then(function (html) {
      var when = (saved.headers.get("X-Quartier-Saved") || "").replace(/[^0-9TZ:.+-]/g, "");
      return new Response(html.replace("<html ", '<html data-saved="' + when + '" '), {
        status: saved.status,
        statusText: saved.statusText,
        headers: saved.headers
      });
    });
  });
}

function orError(response) {
  return response || Response.error();
}
