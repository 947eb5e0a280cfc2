/* Crieur kiosk service worker, served at /kiosk/sw.js (scope /kiosk/).
 *
 * - the player's CSS and JS (versioned URLs): cache first;
 * - kiosk pages and playlists: network first, the last good copy when the
 *   server or the network is down (playlists then carry X-Kiosk-Offline: 1);
 * - images of the playlist (media files): fetched as soon as a playlist
 *   arrives, then served from the cache; images no playlist uses are dropped.
 * The server fills in the three constants below.
 */
"use strict";

var VERSION = "__VERSION__";
var SHELL = __SHELL__;
var MEDIA_URL = __MEDIA_URL__;
var SHELL_CACHE = "kiosk-shell-" + VERSION;
var DATA_CACHE = "kiosk-data";
var IMAGE_CACHE = "kiosk-images";
var TIMEOUT = 10000;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) { return cache.addAll(SHELL); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("kiosk-shell-") === 0 && name !== SHELL_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function withTimeout(promise) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, TIMEOUT);
    promise.then(function (value) { clearTimeout(timer); resolve(value); },
      function (error) { clearTimeout(timer); reject(error); });
  });
}

function isPlaylist(url) {
  return /\/playlist\.json$/.test(url.pathname);
}

function imageUrls(playlist) {
  var urls = [];
  (playlist.slides || []).forEach(function (slide) {
    [slide.image, slide.pictogram].forEach(function (src) {
      if (src && src.indexOf("data:") !== 0) urls.push(new URL(src, self.location.origin).href);
    });
  });
  return urls;
}

function keepImages(playlist) {
  var wanted = imageUrls(playlist);
  return caches.open(IMAGE_CACHE).then(function (cache) {
    return cache.keys().then(function (requests) {
      var drops = requests.filter(function (request) { return wanted.indexOf(request.url) < 0; })
        .map(function (request) { return cache.delete(request); });
      var fetches = wanted.map(function (url) {
        return cache.match(url).then(function (hit) {
          if (hit) return null;
          return fetch(url, { credentials: "omit" }).then(function (response) {
            if (response.ok) return cache.put(url, response);
            return null;
          }).catch(function () { return null; });
        });
      });
      return Promise.all(drops.concat(fetches));
    });
  });
}

function remember(key, response) {
  var copy = response.clone();
  return caches.open(DATA_CACHE).then(function (cache) { return cache.put(key, copy); });
}

function fromNetwork(request, key) {
  return withTimeout(fetch(request)).then(function (response) {
    if (response.status === 200) {
      remember(key, response);
      if (isPlaylist(new URL(key, self.location.origin))) {
        response.clone().json().then(keepImages).catch(function () { return null; });
      }
    } else if (response.status === 404) {
      caches.open(DATA_CACHE).then(function (cache) { cache.delete(key); });
    }
    return response;
  });
}

function offlineCopy(key, playlist) {
  return caches.open(DATA_CACHE).then(function (cache) { return cache.match(key); }).then(function (hit) {
    if (!hit) return Response.error();
    if (!playlist) return hit;
    return hit.blob().then(function (blob) {
      return new Response(blob, {
        status: 200,
        headers: { "Content-Type": "application/json", "X-Kiosk-Offline": "1" }
      });
    });
  });
}

function cacheFirst(cacheName, request) {
  return caches.open(cacheName).then(function (cache) {
    return cache.match(request.url).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (response) {
        if (response.ok) cache.put(request.url, response.clone());
        return response;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  var sameOrigin = url.origin === self.location.origin;
  if (sameOrigin && url.pathname.indexOf("/kiosk/assets/") === 0) {
    event.respondWith(cacheFirst(SHELL_CACHE, request));
  } else if (sameOrigin && isPlaylist(url)) {
    event.respondWith(fromNetwork(request, url.pathname).catch(function () {
      return offlineCopy(url.pathname, true);
    }));
  } else if (sameOrigin && request.mode === "navigate" && url.pathname.indexOf("/kiosk/") === 0) {
    event.respondWith(fromNetwork(request, url.pathname).catch(function () {
      return offlineCopy(url.pathname, false);
    }));
  } else if (request.destination === "image" && url.href.indexOf(new URL(MEDIA_URL, self.location.origin).href) === 0) {
    event.respondWith(cacheFirst(IMAGE_CACHE, request).catch(function () { return Response.error(); }));
  }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  event.waitUntil(Promise.all(data.urls.slice(0, 4).map(function (path) {
    var url = new URL(path, self.location.origin);
    if (url.origin !== self.location.origin || url.pathname.indexOf("/kiosk/") !== 0) return null;
    return fromNetwork(new Request(url.href, { credentials: "omit", cache: "no-store" }), url.pathname)
      .catch(function () { return null; });
  })));
});
