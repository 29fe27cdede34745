// Markers for the folium map above each [data-map] container. Names and labels arrive as JSON
// in the attribute and become DOM text, never HTML or script.
(function () {
  "use strict";

  function textElement(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span;
  }

  function markerFor(row) {
    var marker = L.marker([row.lat, row.lon], {title: row.name, alt: row.name});
    if (row.url) {
      var link = document.createElement("a");
      link.href = row.url;
      link.textContent = row.name;
      marker.bindPopup(link);
    } else {
      marker.bindTooltip(textElement(row.name));
    }
    return marker;
  }

  function drawMarkers(container) {
    var data = JSON.parse(container.getAttribute("data-map"));
    var map = window[data.map];
    if (!map) {
      return;
    }
    L.control.zoom({zoomInTitle: data.labels.zoom_in, zoomOutTitle: data.labels.zoom_out})
      .addTo(map);
    var layer = (data.cluster && window[data.cluster]) || map;
    data.markers.forEach(function (row) {
      layer.addLayer(markerFor(row));
    });
    if (data.here) {
      L.circleMarker(data.here, {radius: 9, weight: 3, color: "#b3003b", fill: true,
                                 fillOpacity: 0.4})
        .bindTooltip(textElement(data.labels.search_location))
        .addTo(map);
    }
  }

  document.querySelectorAll("[data-map]").forEach(drawMarkers);
})();
