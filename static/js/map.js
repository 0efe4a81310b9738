/* Progressive enhancement: a Leaflet map twin of the server-rendered list, and
   "use my position" for the search form. The page works without this file. */
(function () {
  "use strict";

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  // Where the map sits beside the list (the CSS's breakpoint); below it, a folded map
  // waits behind its toggle, so that the first result is on a phone's first screen.
  var WIDE = "(min-width: 60rem)";

  function initMap() {
    var node = document.getElementById("map");
    if (!node || typeof L === "undefined") return;
    var markers = readJSON("map-markers") || [];
    var boundary = readJSON("map-boundary");
    if (!markers.length && !boundary) return;
    var toggle = document.querySelector(".map-toggle");
    if (node.hasAttribute("data-fold") && toggle && !window.matchMedia(WIDE).matches) {
      initToggle(node, toggle, markers, boundary);
      return;
    }
    node.hidden = false;
    drawMap(node, markers, boundary);
  }

  function initToggle(node, toggle, markers, boundary) {
    var map = null;
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var show = node.hidden;
      node.hidden = !show;
      toggle.setAttribute("aria-expanded", String(show));
      toggle.textContent = show ? toggle.dataset.hide : toggle.dataset.show;
      if (!show) return;
      if (!map) map = drawMap(node, markers, boundary);
      node.scrollIntoView({ block: "nearest" });
    });
  }

  function drawMap(node, markers, boundary) {
    // Leaflet guesses its marker images' folder from its CSS, which fails once static
    // file names carry a hash (production): the page gives their URLs.
    L.Icon.Default.imagePath = "";
    L.Icon.Default.mergeOptions({
      iconUrl: node.dataset.icon,
      iconRetinaUrl: node.dataset.icon2x,
      shadowUrl: node.dataset.shadow
    });
    var map = L.map(node, { scrollWheelZoom: false, keyboard: true, zoomControl: false });
    // Zoom buttons named in the page's language (Leaflet's own labels are English).
    L.control.zoom({ zoomInTitle: node.dataset.zoomIn, zoomOutTitle: node.dataset.zoomOut }).addTo(map);
    L.tileLayer(node.dataset.tiles, { attribution: node.dataset.attribution, maxZoom: 19 }).addTo(map);
    var bounds = L.latLngBounds([]);
    if (boundary) {
      var shape = L.geoJSON(boundary, { style: { color: "#083f78", weight: 2, fillOpacity: 0.05 } }).addTo(map);
      bounds.extend(shape.getBounds());
    }
    markers.forEach(function (m) {
      var marker = L.marker([m.lat, m.lon], { title: m.name, alt: m.name }).addTo(map);
      var popup = document.createElement("div");
      var title = document.createElement(m.url ? "a" : "strong");
      title.textContent = m.name;
      if (m.url) title.href = m.url;
      popup.appendChild(title);
      if (m.address) {
        var address = document.createElement("div");
        address.textContent = m.address;
        popup.appendChild(address);
      }
      marker.bindPopup(popup);
      bounds.extend([m.lat, m.lon]);
    });
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 });
    return map;
  }

  function initLocateButton() {
    var button = document.querySelector(".locate-me");
    var input = document.getElementById("id_near");
    if (!button || !input || !("geolocation" in navigator)) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var label = button.textContent;
      button.textContent = button.dataset.locating;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          input.value = position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5);
          input.form.submit();
        },
        function () {
          button.textContent = label;
          input.setAttribute("placeholder", button.dataset.failed);
          input.focus();
        },
        { timeout: 10000, maximumAge: 300000 }
      );
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initMap();
    initLocateButton();
  });
})();
