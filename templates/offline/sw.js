/* Quartier's service worker: pages a worker kept offline (static/js/offline.js) are served
   from the cache when the network fails, marked with the time they were saved; any other
   page is answered with our offline page (/<lang>/hors-ligne/), kept with them. */
"use strict";

var PAGES = "quartier-pages";
var ASSETS = "quartier-assets";
var STAFF = "quartier-staff"; // a worker's own pages, kept only if they chose (offline.js)
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

/* Our offline page in the language of the address asked for, else in any language kept. */
function fallbackPage(request) {
  var lang = new URL(request.url).pathname.split("/")[1];
  // The installed app starts at "/": a home page kept, in whichever language.
  var wanted = lang ? /^\/[a-z]{2}\/hors-ligne\/$/ : /^\/[a-z]{2}\/$/;
  return caches.open(PAGES).then(function (cache) {
    return cache.match(self.location.origin + "/" + lang + "/hors-ligne/", { ignoreVary: true })
      .then(function (page) {
        if (page) return page;
        return cache.keys().then(function (requests) {
          var any = requests.filter(function (r) { return wanted.test(new URL(r.url).pathname); })[0];
          return any ? cache.match(any, { ignoreVary: true }) : undefined;
        });
      });
  });
}

/* The saved copy, its <html> element marked with when it was saved (offline.js shows it). */
function savedPage(request) {
  return caches.match(request, { cacheName: PAGES, ignoreVary: true }).then(function (saved) {
    return saved || caches.match(request, { cacheName: STAFF, ignoreVary: true });
  }).then(function (saved) {
    return saved || fallbackPage(request);
  }).then(function (saved) {
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
