/* Our offline page (/<lang>/hors-ligne/, also what the service worker answers for a page
   not kept): search the quartiers kept on this device, see what each lacks and the
   nearest services for it, and count needs met or not on the round. Tallies wait in
   localStorage and go to the server when the network is back; each has an id made here,
   so one sent twice is kept once. Needs offline.js (window.QuartierOffline). */
(function () {
  "use strict";

  var QUEUE = "quartier-tallies";
  var RETRY_MS = 3000;
  var O = window.QuartierOffline;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var a = el("a", "", text);
    a.href = href;
    return a;
  }

  function allServices(packs) {
    var seen = {}, services = [];
    packs.forEach(function (pack) {
      pack.services.forEach(function (s) {
        if (!seen[s.url]) { seen[s.url] = s; services.push(s); }
      });
    });
    return services;
  }

  function serviceItem(app, service) {
    var item = el("li", "offline-result");
    item.appendChild(link(service.url, service.name));
    var open = O.isOpen(service.hours);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(el("span", "badge " + (open ? "badge-open" : "badge-closed"),
      open ? app.dataset.open : app.dataset.closed));
    item.appendChild(el("p", "hint", service.categories.join(" · ")));
    if (service.where) item.appendChild(el("p", "", service.where));
    return item;
  }

  /* Services with every word typed and, when the address names categories (a category
     link of the home page), one of them. */
  function search(app, packs, q, categories) {
    var words = O.normalise(q).split(/\s+/).filter(Boolean);
    var results = app.querySelector(".offline-results");
    var found = app.querySelector(".offline-found");
    results.textContent = "";
    if (!words.length && !categories.length) { found.textContent = ""; return; }
    var matches = allServices(packs).filter(function (s) {
      var text = O.normalise(s.text);
      var inCategory = !categories.length || s.category_slugs.some(function (c) { return categories.indexOf(c) !== -1; });
      return inCategory && words.every(function (w) { return text.indexOf(w) !== -1; });
    });
    matches.forEach(function (s) { results.appendChild(serviceItem(app, s)); });
    found.textContent = (matches.length ? app.dataset.found : app.dataset.nothing)
      .replace("{count}", matches.length).replace("{q}", q);
  }

  function showKept(app, packs) {
    var box = app.querySelector(".offline-kept");
    if (!packs.length) { box.appendChild(el("p", "", app.dataset.none)); return; }
    packs.forEach(function (pack) {
      var byUrl = {};
      pack.services.forEach(function (s) { byUrl[s.url] = s; });
      var heading = el("h3");
      heading.appendChild(link(pack.quartier.url, pack.quartier.name));
      box.appendChild(heading);
      box.appendChild(el("p", "offline-age", app.dataset.kept.replace("{date}", O.formatDate(pack.savedAt))));
      pack.missing.forEach(function (gap) {
        if (!gap.services.length) return;
        var details = el("details", "nearest");
        details.appendChild(el("summary", "", app.dataset.missing.replace("{category}", gap.category)));
        var list = el("ul", "nearest-list");
        gap.services.forEach(function (url) {
          if (byUrl[url]) list.appendChild(serviceItem(app, byUrl[url]));
        });
        details.appendChild(list);
        box.appendChild(details);
      });
    });
  }

  function initSearch(app, packs) {
    var form = app.querySelector(".offline-search");
    var input = form.querySelector("input");
    var params = new URLSearchParams(location.search);
    var categories = params.getAll("category");
    input.value = params.get("q") || "";
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      categories = [];
      search(app, packs, input.value, categories);
    });
    search(app, packs, input.value, categories);
  }

  /* Tallies ------------------------------------------------------------------------- */

  function queue() {
    try {
      return JSON.parse(localStorage.getItem(QUEUE)) || [];
    } catch (e) {
      return [];
    }
  }

  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  function showQueue(box, message) {
    var waiting = queue().length;
    box.querySelector(".tally-status").textContent = message ||
      (waiting ? box.dataset.pending.replace("{count}", waiting) : box.dataset.sent);
  }

  var sending = false;

  /* Sends the queue; forgets only the tallies the server says it received. */
  function send(box) {
    var waiting = queue();
    if (sending || !waiting.length || !navigator.onLine) return;
    sending = true;
    fetch(box.dataset.send, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!response.ok || !json) throw new Error("login");
        return response.json();
      })
      .then(function (answer) {
        return fetch(box.dataset.send, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": answer.csrf },
          body: JSON.stringify({ tallies: waiting })
        });
      })
      .then(function (response) {
        if (!response.ok) throw new Error("send");
        return response.json();
      })
      .then(function (answer) {
        var received = {};
        answer.received.forEach(function (id) { received[id] = true; });
        localStorage.setItem(QUEUE, JSON.stringify(queue().filter(function (t) { return !received[t.id]; })));
        showQueue(box);
      })
      .catch(function (error) {
        showQueue(box, error.message === "login" ? box.dataset.login : "");
        // The network often comes back in steps: try again a little later.
        if (error.message !== "login") setTimeout(function () { send(box); }, RETRY_MS);
      })
      .then(function () { sending = false; });
  }

  function initTally(box, packs) {
    var form = box.querySelector(".tally-form");
    var quartier = form.elements.quartier;
    packs.forEach(function (pack) {
      var option = el("option", "", pack.quartier.name);
      option.value = pack.quartier.slug;
      quartier.appendChild(option);
    });
    var today = new Date();
    form.elements.date.value = [today.getFullYear(), ("0" + (today.getMonth() + 1)).slice(-2),
      ("0" + today.getDate()).slice(-2)].join("-");
    box.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var waiting = queue();
      waiting.push({
        id: newId(),
        category: form.elements.category.value,
        quartier: quartier.value,
        date: form.elements.date.value,
        met: form.elements.met.value === "1"
      });
      localStorage.setItem(QUEUE, JSON.stringify(waiting));
      form.elements.met.forEach(function (radio) { radio.checked = false; });
      showQueue(box);
      send(box);
    });
    window.addEventListener("online", function () { send(box); });
    showQueue(box);
    send(box);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var app = document.querySelector(".offline-app");
    var box = document.querySelector(".need-tally");
    if (!O || !app) return;
    O.packs().then(function (packs) {
      app.hidden = false;
      showKept(app, packs);
      initSearch(app, packs);
      if (box && packs.length) initTally(box, packs);
    });
  });
})();
