// Maps without a tile server: the world-atlas countries (vendored TopoJSON) drawn by Leaflet as vector shapes, and
// the places as circle markers that link to their pages.
(function () {
  "use strict";
  if (typeof L === "undefined" || typeof topojson === "undefined") return;
  var PLACE_ZOOM = 7;
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
    // Centred on the page's own place (the big marker) at a zoom that shows it among its neighbours; the places
    // within it are drawn around it, and widen the view only as far as they need.
    var main = points.filter(function (p) { return p.main; })[0];
    var bounds = markers.getBounds();
    if (main) {  // each point and its mirror image through the place: bounds centred on the place
      points.forEach(function (p) { bounds.extend([2 * main.lat - p.lat, 2 * main.lon - p.lon]); });
    }
    if (points.length === 1) map.setView(bounds.getCenter(), PLACE_ZOOM);
    else map.fitBounds(bounds.pad(0.2), { maxZoom: PLACE_ZOOM });
    element.setAttribute("data-zoom", String(map.getZoom()));
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
