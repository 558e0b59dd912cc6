// Maps without a tile server: the world-atlas countries (vendored TopoJSON) drawn by Leaflet as vector shapes, and
// the places as circle markers that link to their pages.
(function () {
  "use strict";
  if (typeof L === "undefined" || typeof topojson === "undefined") return;
  var atlasCache = {};
  function atlas(url) {
    if (!atlasCache[url]) {
      atlasCache[url] = fetch(url).then(function (r) { return r.json(); });
    }
    return atlasCache[url];
  }
  Array.prototype.forEach.call(document.querySelectorAll("div.map[data-points]"), function (element) {
    var points = JSON.parse(element.getAttribute("data-points"));
    var map = L.map(element, { attributionControl: true, worldCopyJump: true, zoomSnap: 0.5 });
    map.attributionControl.setPrefix("Leaflet · Natural Earth");
    var markers = L.featureGroup(points.map(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], {
        radius: p.main ? 9 : 6, color: "#7a1f1f", weight: 2, fillColor: p.main ? "#c0392b" : "#e67e22", fillOpacity: 0.85
      });
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.label;
      marker.bindTooltip(p.label);
      marker.bindPopup(link);
      return marker;
    }));
    var bounds = markers.getBounds();
    if (points.length === 1) map.setView(bounds.getCenter(), 5);
    else map.fitBounds(bounds.pad(0.3), { maxZoom: 6 });
    atlas(element.getAttribute("data-atlas")).then(function (world) {
      var countries = topojson.feature(world, world.objects.countries);
      L.geoJSON(countries, {
        style: { color: "#8c8c8c", weight: 0.7, fillColor: "#f3efe6", fillOpacity: 1 },
        interactive: false
      }).addTo(map);
      markers.addTo(map);
      markers.bringToFront();
      element.setAttribute("data-ready", "true");
    });
    element.style.background = "#cfe3ee";
  });
})();
