/* Admin: a small Leaflet map under each latitude/longitude pair. Click or drag the
   marker to set the coordinates; typing in the fields moves the marker. */
(function () {
  "use strict";
  var BRUSSELS = [50.8466, 4.3528];
  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

  function attach(latInput) {
    var lonInput = document.getElementById(latInput.id.replace(/latitude$/, "longitude"));
    if (!lonInput || latInput.dataset.picker || latInput.id.indexOf("__prefix__") !== -1) return;
    latInput.dataset.picker = "1";
    var row = latInput.closest(".form-row") || latInput.parentNode;
    var node = document.createElement("div");
    node.className = "latlon-picker";
    row.parentNode.insertBefore(node, row.nextSibling);
    var map = L.map(node).setView(BRUSSELS, 12);
    var tiles = document.querySelector("meta[name=map-tiles]");
    L.tileLayer(tiles ? tiles.content : TILES, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
    var marker = null;

    function place(lat, lon, pan) {
      if (marker) marker.setLatLng([lat, lon]);
      else {
        marker = L.marker([lat, lon], { draggable: true }).addTo(map);
        marker.on("dragend", function () { write(marker.getLatLng()); });
      }
      if (pan) map.setView([lat, lon], 16);
    }
    function write(latlng) {
      latInput.value = latlng.lat.toFixed(6);
      lonInput.value = latlng.lng.toFixed(6);
    }
    function read() {
      var lat = parseFloat(latInput.value), lon = parseFloat(lonInput.value);
      if (!isNaN(lat) && !isNaN(lon)) place(lat, lon, true);
    }
    map.on("click", function (e) { place(e.latlng.lat, e.latlng.lng, false); write(e.latlng); });
    latInput.addEventListener("change", read);
    lonInput.addEventListener("change", read);
    read();
  }

  function scan() {
    document.querySelectorAll("input[id$='latitude']").forEach(attach);
  }
  document.addEventListener("DOMContentLoaded", scan);
  document.addEventListener("formset:added", scan);
})();
