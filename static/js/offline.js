/* Offline mode for outreach tablets. On a quartier's page, "keep this quartier offline"
   saves the quartier's pack (directory/offline_pack.py): its pages, its commune's, its
   services', the nearest services of the categories it lacks, home and our offline page,
   plus the pack's index of those services. The service worker (/sw.js) serves them with
   no connection. On a page served that way, the note says how old the data is and
   "open now" is computed here, on the device, from the hours in the pack.
   offline-app.js (our offline page) searches the packs. The site works without this file. */
(function () {
  "use strict";

  var PAGES = "quartier-pages";
  var ASSETS = "quartier-assets";
  var KEPT = "quartier-kept"; // localStorage: {pack url: {name, url, lang, savedAt}}
  var STAFF = "quartier-staff"; // a worker's own pages, on their own device, if they choose

  function lang() {
    return document.documentElement.lang || "fr";
  }

  /* "26/11 à 17:40" in the page's language. */
  function formatDate(iso) {
    var d = new Date(iso);
    var day = d.toLocaleDateString(lang() + "-BE", { day: "2-digit", month: "2-digit" });
    var time = d.toLocaleTimeString(lang() + "-BE", { hour: "2-digit", minute: "2-digit" });
    return day + " " + time;
  }

  function kept() {
    try {
      return JSON.parse(localStorage.getItem(KEPT)) || {};
    } catch (e) {
      return {};
    }
  }

  /* The packs kept on this device, each with the moment it was saved. */
  function packs() {
    if (!("caches" in window)) return Promise.resolve([]);
    var list = kept();
    return caches.open(PAGES).then(function (cache) {
      return Promise.all(Object.keys(list).map(function (url) {
        return cache.match(url, { ignoreVary: true }).then(function (response) {
          if (!response) return null;
          return response.json().then(function (pack) {
            pack.savedAt = list[url].savedAt;
            return pack;
          });
        });
      }));
    }).then(function (found) {
      found = found.filter(Boolean);
      // The packs in the page's language, when there are some: one copy of each service.
      var own = found.filter(function (pack) { return pack.lang === lang(); });
      return own.length ? own : found;
    });
  }

  /* Lower case, no accents: "Épicerie" finds "epicerie" and the reverse. */
  function normalise(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* The day, weekday (Monday 0) and time in Brussels, whatever the device's zone. */
  function brussels(date) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Brussels", year: "numeric", month: "2-digit", day: "2-digit",
      weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    var weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    return {
      day: parts.year + "-" + parts.month + "-" + parts.day,
      weekday: weekdays.indexOf(parts.weekday),
      time: parts.hour + ":" + parts.minute
    };
  }

  /* The server's rule (Service.is_open_at) on the pack's hours. */
  function isOpen(hours, date) {
    var now = brussels(date || new Date());
    var shut = hours.shut.some(function (s) { return s[0] <= now.day && (!s[1] || now.day <= s[1]); });
    if (shut) return false;
    return hours.places.some(function (place) {
      var exception = place.exceptions.filter(function (e) { return e[0] <= now.day && now.day <= e[1]; })[0];
      if (exception) return exception[2] !== null && exception[2] <= now.time && now.time < exception[3];
      return place.slots.some(function (slot) {
        var overnight = slot[2] <= slot[1];
        if (slot[0] === now.weekday && slot[1] <= now.time && (now.time < slot[2] || overnight)) return true;
        return overnight && slot[0] === (now.weekday + 6) % 7 && now.time < slot[2];
      });
    });
  }

  /* The service (by its page's address) in the packs kept, or undefined. */
  function findService(allPacks, url) {
    for (var i = 0; i < allPacks.length; i++) {
      var found = allPacks[i].services.filter(function (s) { return s.url === url; })[0];
      if (found) return found;
    }
  }

  function showFreshness() {
    var saved = document.documentElement.dataset.saved;
    var note = document.querySelector(".offline-note");
    if (!saved || !note) return;
    note.textContent = note.dataset.text.replace("{date}", formatDate(saved));
    note.hidden = false;
  }

  function nowBadge(open, texts) {
    var badge = document.createElement("span");
    badge.className = "badge now-badge " + (open ? "badge-open" : "badge-closed");
    badge.textContent = open ? texts.open : texts.closed;
    return badge;
  }

  /* On a saved page, "open now" as of now, not as of the moment it was saved: the service
     page's badge and the cards'. A card's "opens on…" was computed then: it goes. */
  function refreshOpenBadges() {
    var texts = (document.querySelector(".offline-note") || {}).dataset;
    if (!document.documentElement.dataset.saved || !texts) return;
    packs().then(function (allPacks) {
      var badge = document.querySelector(".now-badge");
      var service = badge && findService(allPacks, location.pathname);
      if (service) {
        badge.replaceWith(nowBadge(isOpen(service.hours), texts));
        var next = document.querySelector(".service .badge-next");
        if (next) next.hidden = true;
      }
      document.querySelectorAll(".service-card").forEach(function (card) {
        var link = card.querySelector("h3 a");
        var found = link && findService(allPacks, link.getAttribute("href"));
        var badges = card.querySelector(".badges");
        if (!found || !badges) return;
        badges.querySelectorAll(".badge-open, .badge-next").forEach(function (old) { old.remove(); });
        badges.insertBefore(nowBadge(isOpen(found.hours), texts), badges.firstChild);
      });
    });
  }

  /* A copy of the response, stamped with the time it was saved. */
  function stamped(response, savedAt) {
    var headers = new Headers(response.headers);
    headers.set("X-Quartier-Saved", savedAt);
    return response.blob().then(function (body) {
      return new Response(body, { status: response.status, statusText: response.statusText, headers: headers });
    });
  }

  function savePages(cache, urls, savedAt, credentials) {
    return Promise.all(urls.map(function (url) {
      // Public pages as anyone sees them: a shared tablet keeps no worker's view.
      return fetch(url, { credentials: credentials || "omit" }).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return stamped(response, savedAt).then(function (copy) { return cache.put(url, copy); });
      });
    }));
  }

  /* One language's pack: its files, its pages, then the pack itself; resolves to its pages'
     count. Kept in the list only once everything is saved. */
  function keepPack(packUrl, savedAt) {
    return fetch(packUrl, { credentials: "omit" }).then(function (response) {
      if (!response.ok) throw new Error(packUrl + ": " + response.status);
      return Promise.all([response.clone().json(), caches.open(PAGES)]).then(function (got) {
        var pack = got[0], cache = got[1];
        return caches.open(ASSETS)
          .then(function (assets) { return assets.addAll(pack.assets); })
          .then(function () { return savePages(cache, pack.pages, savedAt); })
          .then(function () { return cache.put(packUrl, response); })
          .then(function () {
            var list = kept();
            list[packUrl] = { name: pack.quartier.name, url: pack.quartier.url, lang: pack.lang, savedAt: savedAt };
            localStorage.setItem(KEPT, JSON.stringify(list));
            return pack.pages.length;
          });
      });
    });
  }

  /* The pack's address in each language the worker ticked (the page's own by default). */
  function packUrls(button) {
    var ticked = document.querySelectorAll("input[name=keep-language]:checked");
    var codes = Array.prototype.map.call(ticked, function (box) { return box.value; });
    if (!codes.length) codes = [lang()];
    return codes.map(function (code) { return button.dataset.list.replace(/^\/[a-z]{2}\//, "/" + code + "/"); });
  }

  function keepOffline(button, status) {
    var savedAt = new Date().toISOString();
    button.disabled = true;
    status.textContent = button.dataset.saving;
    navigator.serviceWorker.register(button.dataset.worker, { scope: "/" })
      .then(function () { return Promise.all(packUrls(button).map(function (url) { return keepPack(url, savedAt); })); })
      .then(function (counts) {
        var staff = document.querySelector("input[name=keep-staff]:checked");
        if (!staff) return counts;
        var urls = staff.dataset.pages.split(" ");
        return caches.open(STAFF)
          .then(function (cache) { return savePages(cache, urls, savedAt, "same-origin"); })
          .then(function () { return counts.concat([urls.length]); });
      })
      .then(function (counts) {
        return navigator.serviceWorker.ready.then(function () {
          var pages = counts.reduce(function (a, b) { return a + b; }, 0);
          status.textContent = button.dataset.saved.replace("{count}", pages).replace("{date}", formatDate(savedAt));
        });
      })
      .catch(function () { status.textContent = button.dataset.failed; })
      .then(function () { button.disabled = false; });
  }

  function initKeepButton() {
    var button = document.querySelector(".keep-offline");
    if (!button || !("serviceWorker" in navigator) || !("caches" in window)) return;
    var status = document.querySelector(".offline-status");
    document.querySelectorAll(".keep-languages, .keep-staff").forEach(function (part) { part.hidden = false; });
    button.hidden = false;
    button.addEventListener("click", function () { keepOffline(button, status); });
  }

  window.QuartierOffline = {
    packs: packs, isOpen: isOpen, normalise: normalise, formatDate: formatDate
  };

  /* A worker's pages go when they log out, or when their session ended (the login page,
     as served live). */
  function wipeStaffPages() {
    return "caches" in window ? caches.delete(STAFF) : Promise.resolve();
  }

  function initWipe() {
    var form = document.querySelector(".logout-form");
    if (form) form.addEventListener("submit", function (event) {
      if (form.dataset.wiped) return;
      event.preventDefault(); // wiped first, then logged out
      var done = function () { form.dataset.wiped = "1"; form.submit(); };
      wipeStaffPages().then(done, done);
    });
    if (document.querySelector(".signed-out") && !document.documentElement.dataset.saved) wipeStaffPages();
  }

  document.addEventListener("DOMContentLoaded", function () {
    initWipe();
    showFreshness();
    refreshOpenBadges();
    initKeepButton();
  });
})();
