/* Admin: a small Leaflet map under each latitude/longitude pair. Click or drag the
   marker to set the coordinates; typing in the fields moves the marker.

   The map opens on the place's point, else where the latitude field says to start (the
   coordinator's commune), else on the Region. When the field names an address search
   (data-geocoder, only with a geocoder configured), a search box above the map places
   the pin on the address typed, through the admin's own endpoint. */
(function () {
  "use strict";
  var BRUSSELS = [50.8466, 4.3528];
  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

  function sibling(input, name) {
    return document.getElementById(input.id.replace(/latitude$/, name));
  }

  function searchBox(latInput, onFound) {
    var data = latInput.dataset;
    var box = document.createElement("div");
    box.className = "latlon-search";
    var label = document.createElement("label");
    label.htmlFor = latInput.id + "-search";
    label.textContent = data.geocoderLabel;
    var field = document.createElement("input");
    field.type = "search";
    field.id = latInput.id + "-search";
    field.className = "vTextField";
    field.autocomplete = "off";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = data.geocoderButton;
    var status = document.createElement("p");
    status.className = "latlon-search-status help";
    status.setAttribute("role", "status");
    box.append(label, field, button, status);

    function typedAddress() {
      var street = sibling(latInput, "street_fr"), postcode = sibling(latInput, "postcode");
      return [street && street.value, postcode && postcode.value].filter(Boolean).join(", ");
    }
    function search() {
      if (!field.value.trim()) field.value = typedAddress();
      if (!field.value.trim()) return;
      status.textContent = "…";
      fetch(data.geocoder + "?q=" + encodeURIComponent(field.value), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json().then(function (body) { return { ok: response.ok, body: body }; });
        })
        .then(function (answer) {
          if (answer.body.found) {
            onFound(answer.body.lat, answer.body.lon);
            status.textContent = data.geocoderFound.replace("%(label)s", answer.body.label);
          } else {
            status.textContent = answer.ok ? data.geocoderMissing : answer.body.error || data.geocoderFailed;
          }
        })
        .catch(function () { status.textContent = data.geocoderFailed; });
    }
    button.addEventListener("click", search);
    field.addEventListener("focus", function () { if (!field.value) field.value = typedAddress(); });
    // Enter searches; it must not send the whole place form.
    field.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); search(); }
    });
    return box;
  }

  function attach(latInput) {
    var lonInput = sibling(latInput, "longitude");
    if (!lonInput || latInput.dataset.picker || latInput.id.indexOf("__prefix__") !== -1) return;
    latInput.dataset.picker = "1";
    var row = latInput.closest(".form-row") || latInput.parentNode;
    var node = document.createElement("div");
    node.className = "latlon-picker";
    row.parentNode.insertBefore(node, row.nextSibling);
    var start = (latInput.dataset.pickerStart || "").split(",").map(parseFloat);
    var map = start.length === 2 && !isNaN(start[0]) && !isNaN(start[1])
      ? L.map(node).setView(start, 15)
      : L.map(node).setView(BRUSSELS, 12);
    var tiles = document.querySelector("meta[name=map-tiles]");
    L.tileLayer(tiles ? tiles.content : TILES, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
    var marker = null;

    function place(lat, lon, pan) {
      if (marker) marker.setLatLng([lat, lon]);
      else {
        marker = L.marker([lat, lon], { draggable: true }).addTo(map);
        marker.on("dragend", function () { write(marker.getLatLng()); });
      }
      if (pan) map.setView([lat, lon], 17);
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
    if (latInput.dataset.geocoder) {
      node.parentNode.insertBefore(searchBox(latInput, function (lat, lon) {
        place(lat, lon, true);
        write({ lat: lat, lng: lon });
      }), node);
    }
    read();
  }

  function scan() {
    document.querySelectorAll("input[id$='latitude']").forEach(attach);
  }
  document.addEventListener("DOMContentLoaded", scan);
  document.addEventListener("formset:added", scan);
})();
