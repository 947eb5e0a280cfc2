/* The map of shared places: drawn from the list's data attributes, so it shows
   exactly the places listed (and filtered) by the server. Popups are built from
   text nodes, never from HTML strings: a place's name is text, whatever it holds. */
(function () {
    "use strict";
    var container = document.getElementById("places-map");
    if (!container || !window.L) {
        return;
    }
    var data = container.dataset;

    function linkOrText(text, url) {
        var element;
        if (url && /^https?:\/\//.test(url)) {
            element = document.createElement("a");
            element.href = url;
        } else {
            element = document.createElement("span");
        }
        element.textContent = text;
        return element.outerHTML; // Leaflet's attribution control takes HTML: escaped here
    }

    container.textContent = "";
    L.Icon.Default.imagePath = data.iconPath;
    // No fade: a popup is readable (and its contrast measurable) the moment it opens.
    var map = L.map(container, { scrollWheelZoom: false, keyboard: true, fadeAnimation: false });
    map.attributionControl.setPrefix(linkOrText("Leaflet", "https://leafletjs.com"));
    L.tileLayer(data.tilesUrl, {
        attribution: linkOrText(data.attribution || "", data.attributionUrl),
        maxZoom: 19,
    }).addTo(map);

    var points = [];
    document.querySelectorAll("[data-place]").forEach(function (item) {
        var lat = parseFloat(item.dataset.lat);
        var lng = parseFloat(item.dataset.lng);
        if (!isFinite(lat) || !isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
            return;
        }
        var name = item.dataset.name || "";
        var popup = document.createElement("div");
        var title = document.createElement("p");
        var strong = document.createElement("strong");
        strong.textContent = name;
        title.appendChild(strong);
        popup.appendChild(title);
        var details = document.createElement("p");
        details.textContent = [item.dataset.kindLabel, item.dataset.address]
            .filter(Boolean)
            .join(" · ");
        popup.appendChild(details);
        var link = document.createElement("a");
        link.href = item.dataset.url;
        link.textContent = data.linkText;
        popup.appendChild(link);
        L.marker([lat, lng], {
            title: name,
            alt: [name, item.dataset.kindLabel].filter(Boolean).join(", "),
            keyboard: true,
        })
            .bindPopup(popup)
            .addTo(map);
        points.push([lat, lng]);
    });
    if (points.length) {
        map.fitBounds(points, { padding: [30, 30], maxZoom: 16 });
    } else {
        map.setView([46.6, 2.4], 5);
    }
})();
