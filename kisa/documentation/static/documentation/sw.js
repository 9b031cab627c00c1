/* Service worker of the fast-entry page (KiSA documentation). KISA_SW (entry URL, asset URLs) is prepended
 * by the view that serves this file from /dokumentation/sw.js, so its scope covers the entry page.
 * The entry page: network first, the last copy when offline. Static assets: cache first.
 * Everything else (the API, other pages, any POST) goes to the network untouched. */
/* global KISA_SW */
"use strict";
var CACHE = "kisa-documentation-v4";  // v4: the page folds its navigation (js/nav.js)

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll(KISA_SW.assets).then(function () {
        return fetch(KISA_SW.entry, { credentials: "same-origin" }).then(function (response) {
          if (response.ok && !response.redirected) { return cache.put(KISA_SW.entry, response); }
        }).catch(function () { /* cached on the next visit */ });
      });
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches["delete"](k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && url.pathname === KISA_SW.entry) {
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok && !response.redirected) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(KISA_SW.entry, copy); });
        }
        return response;
      }).catch(function () {
        return caches.match(KISA_SW.entry).then(function (cached) { return cached || Response.error(); });
      })
    );
    return;
  }
  if (KISA_SW.assets.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(url.pathname).then(function (cached) { return cached || fetch(request); }));
  }
});
