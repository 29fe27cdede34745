// Markers and the background for the folium map in each [data-map] container. Names and labels
// arrive as JSON in the attribute and become DOM text, never HTML or script.
(function () {
  "use strict";

  var LABEL_ZOOM = 14; // wijk names up to this zoom, buurt names beyond it

  function textElement(text, className) {
    var span = document.createElement("span");
    span.textContent = text;
    if (className) {
      span.className = className;
    }
    return span;
  }

  var PIN = 32; // px; pins on the same spot stand side by side, this far apart

  function numberedIcon(number, shift) {
    var pin = textElement(String(number), "pn-pin__number");
    var x = PIN / 2 - shift * PIN;
    return L.divIcon({className: "pn-pin", html: pin, iconSize: [PIN, PIN],
                      iconAnchor: [x, PIN / 2], popupAnchor: [PIN / 2 - x, -14],
                      tooltipAnchor: [PIN / 2 - x, -14]});
  }

  // How far each pin moves aside: the second place on a spot one pin to the right, and so on.
  function shifts(rows) {
    var seen = {};
    return rows.map(function (row) {
      var spot = row.lat + "," + row.lon;
      seen[spot] = (seen[spot] || 0) + 1;
      return seen[spot] - 1;
    });
  }

  function markerFor(row, shift) {
    // Not a keyboard stop: the list beside the map holds the same places as links.
    var options = {title: row.name, alt: row.name, keyboard: false};
    if (row.number) {
      options.icon = numberedIcon(row.number, shift);
    }
    var marker = L.marker([row.lat, row.lon], options);
    if (row.url) {
      var content = document.createElement("p");
      var link = document.createElement("a");
      link.href = row.url;
      link.textContent = row.name;
      if (row.number) {
        content.appendChild(document.createTextNode(row.number + ". "));
      }
      content.appendChild(link);
      marker.bindPopup(content);
    } else {
      marker.bindTooltip(textElement(row.name));
    }
    return marker;
  }

  // The name of a wijk or buurt, written on the map: text, not a tooltip or a control. Made once
  // Leaflet has loaded.
  var AreaLabel = null;
  function areaLabel(latlng, name, level) {
    AreaLabel = AreaLabel || L.Layer.extend(AREA_LABEL);
    return new AreaLabel(latlng, name, level);
  }
  var AREA_LABEL = {
    initialize: function (latlng, name, level) {
      this._latlng = latlng;
      this._element = L.DomUtil.create("div", "pn-area-label pn-area-label--" + level +
                                       " leaflet-zoom-hide");
      this._element.appendChild(textElement(name));
    },
    onAdd: function (map) {
      map.getPane("pnLabels").appendChild(this._element);
      map.on("viewreset zoomend", this._place, this);
      this._place();
    },
    onRemove: function (map) {
      this._element.remove();
      map.off("viewreset zoomend", this._place, this);
    },
    _place: function () {
      L.DomUtil.setPosition(this._element, this._map.latLngToLayerPoint(this._latlng));
    }
  };

  var BOUNDARY_STYLE = {
    municipality: {color: "#1a1a1a", weight: 3, fill: false, interactive: false},
    wijk: {color: "#4b4b4b", weight: 2, fill: false, interactive: false},
    buurt: {color: "#8a8a8a", weight: 1, dashArray: "3 4", fillColor: "#f4f4f0", fillOpacity: 0.6}
  };

  function boundaryStyle(withTiles) {
    return function (feature) {
      var style = L.Util.extend({}, BOUNDARY_STYLE[feature.properties.level]);
      if (withTiles) { // a light overlay over the tiles
        style.opacity = 0.5;
        style.fillOpacity = 0;
      }
      return style;
    };
  }

  // The municipality, its wijken and buurten with their names: a map that orients without tiles.
  function drawBoundaries(map, data) {
    map.createPane("pnLabels").style.zIndex = 450; // above the areas, below the pins
    var wijkLabels = L.layerGroup();
    var buurtLabels = L.layerGroup();
    function label(layer, name, level) {
      var group = level === "wijk" ? wijkLabels : buurtLabels;
      group.addLayer(areaLabel(layer.getCenter(), name, level));
    }
    function showLabels() {
      var close = map.getZoom() > LABEL_ZOOM;
      [[wijkLabels, !close], [buurtLabels, close]].forEach(function (pair) {
        if (pair[1] && !map.hasLayer(pair[0])) {
          pair[0].addTo(map);
        } else if (!pair[1] && map.hasLayer(pair[0])) {
          map.removeLayer(pair[0]);
        }
      });
    }
    fetch(data.boundaries, {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (geojson) {
        if (!geojson) {
          return;
        }
        var areas = L.geoJSON(geojson, {style: boundaryStyle(data.tiles)}).addTo(map);
        areas.bringToBack();
        areas.eachLayer(function (layer) { // a polygon's centre is known once it is on the map
          var area = layer.feature.properties;
          if (area.level !== "municipality") {
            label(layer, area.name, area.level);
          }
        });
        map.attributionControl.addAttribution(
          textElement(data.labels.boundaries_credit).outerHTML);
        showLabels();
        map.on("zoomend", showLabels);
      })
      .catch(function () { /* the pins and the list still work without the background */ });
  }

  function drawMarkers(data, layers) {
    var map = layers.map;
    // Leaflet's own credit carries an English link title: our own words instead.
    map.attributionControl.setPrefix(false);
    L.control.zoom({zoomInTitle: data.labels.zoom_in, zoomOutTitle: data.labels.zoom_out})
      .addTo(map);
    if (data.boundaries) {
      drawBoundaries(map, data);
    }
    var offsets = shifts(data.markers);
    data.markers.forEach(function (row, index) {
      layers.pins.addLayer(markerFor(row, offsets[index]));
    });
    if (data.here) {
      // Above the pins, so the resident always sees where they searched from, and not in the way
      // of a tap on a pin below it. The legend under the map says what it is.
      map.createPane("pnHere").style.zIndex = 650;
      L.circleMarker(data.here, {pane: "pnHere", radius: 10, weight: 4, color: "#b3003b",
                                 fill: true, fillColor: "#ffffff", fillOpacity: 0.9,
                                 interactive: false})
        .addTo(map);
    }
  }

  // Our own stylesheets and scripts (static/vendor), one after the other, each once per page.
  var loading = {};
  function load(url, isStylesheet) {
    if (!loading[url]) {
      loading[url] = new Promise(function (resolve, reject) {
        var element = document.createElement(isStylesheet ? "link" : "script");
        if (isStylesheet) {
          element.rel = "stylesheet";
          element.href = url;
        } else {
          element.src = url;
          element.async = false;
        }
        element.onload = resolve;
        element.onerror = reject;
        document.head.appendChild(element);
      });
    }
    return loading[url];
  }

  function loadAll(urls, isStylesheet) {
    return urls.reduce(function (previous, url) {
      return previous.then(function () { return load(url, isStylesheet); });
    }, Promise.resolve());
  }

  function showMap(container) {
    var data = JSON.parse(container.getAttribute("data-map"));
    Promise.all([loadAll(data.stylesheets, true), loadAll(data.scripts, false)])
      .then(function () {
        var frame = window.pnMapFrames && window.pnMapFrames[data.map];
        if (frame) {
          var map = frame();
          if (data.fit) {
            // The frame is the same for every search: the view is this search's.
            map.fitBounds(data.fit.bounds, {maxZoom: data.fit.max_zoom,
                                            padding: [data.fit.padding, data.fit.padding]});
          }
          container.pnLayers = {map: map, pins: L.featureGroup().addTo(map)}; // tests read them
          drawMarkers(data, container.pnLayers);
        }
      })
      .catch(function () { /* no map, but the list holds every place */ });
  }

  // The map loads when it is about to come into view: on a phone it follows the list, and the
  // list never waits for Leaflet.
  function whenNear(container) {
    if (!("IntersectionObserver" in window)) {
      showMap(container);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        showMap(container);
      }
    }, {rootMargin: "400px"});
    observer.observe(container);
  }

  document.querySelectorAll("[data-map]").forEach(whenNear);
})();
