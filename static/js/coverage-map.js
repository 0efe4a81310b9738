/* Progressive enhancement of the coverage page: the quartiers coloured by how many
   categories they lack, on their boundaries (or as circles at their centres when the
   boundaries are not loaded). The legend and the table say the same without this file. */
(function () {
  "use strict";

  function popupFor(area, label) {
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = area.url;
    link.textContent = area.name;
    popup.appendChild(link);
    var count = document.createElement("div");
    count.textContent = area.missing + " " + label;
    popup.appendChild(count);
    return popup;
  }

  function initCoverageMap() {
    var node = document.getElementById("coverage-map");
    var data = document.getElementById("coverage-areas");
    if (!node || !data || typeof L === "undefined") return;
    var areas = JSON.parse(data.textContent);
    if (!areas.length) return;
    node.hidden = false;
    var map = L.map(node, { scrollWheelZoom: false, keyboard: true });
    L.tileLayer(node.dataset.tiles, { attribution: node.dataset.attribution, maxZoom: 19 }).addTo(map);
    var bounds = L.latLngBounds([]);
    areas.forEach(function (area) {
      var style = { color: "#444444", weight: 1, fillColor: area.colour, fillOpacity: 0.75 };
      var layer;
      if (area.shape) {
        layer = L.geoJSON(area.shape, { style: style });
        bounds.extend(layer.getBounds());
      } else {
        style.radius = 10;
        layer = L.circleMarker([area.lat, area.lon], style);
        bounds.extend([area.lat, area.lon]);
      }
      layer.bindTooltip(area.name + ": " + area.missing);
      layer.bindPopup(popupFor(area, node.dataset.missingLabel));
      layer.addTo(map);
    });
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
  }

  document.addEventListener("DOMContentLoaded", initCoverageMap);
})();
