/* Naik Kelas service worker: keeps the field pages and static files for working without signal, and
   sends the outbox when the browser says the signal is back (Background Sync). Served from /sw.js. */
"use strict";
var params = new URL(self.location.href).searchParams;
var STORE_SCRIPT = params.get("store") || "/static/naikkelas/offline/outbox-store.js";
importScripts(STORE_SCRIPT);

var PAGES = "nk-pages-v1", STATIC = "nk-static-v1";
var PRECACHE = (params.get("static") || "").split(",").filter(Boolean).concat([STORE_SCRIPT]);
var NEVER = /^\/(api|admin|sw\.js|akun\/keluar|akun\/masuk|i18n)\b/;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (cache) { return cache.addAll(PRECACHE); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function fromCacheFirst(request) {
  return caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(STATIC).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

function fromNetworkFirst(request) {
  return fetch(request).then(function (response) {
    var html = (response.headers.get("Content-Type") || "").indexOf("text/html") >= 0;
    if (response.ok && !response.redirected && html) {
      var copy = response.clone();
      caches.open(PAGES).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }, function () {
    return caches.match(request, { ignoreVary: true }).then(function (hit) {
      return hit || new Response(
        "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>" +
        "<p>Halaman ini belum tersimpan di ponsel. / This page is not kept on this phone.</p>" +
        "<p><a href='/'>Naik Kelas</a></p>",
        { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }
      );
    });
  });
}

/* A form sent while the phone believed it had signal, and the signal was gone: keep it in the outbox
   (when it carries a client key) and go back to the page it came from, which shows it waiting. */
function sendOrKeep(request) {
  var copy = request.clone();
  return fetch(request).catch(function () {
    return copy.formData().then(function (data) {
      var key = data.get("client_id");
      if (!key) return Response.error();
      var fields = [], back = request.referrer || "/";
      data.forEach(function (value, name) {
        if (typeof value === "string") fields.push([name, value]);
        else if (value.size) fields.push([name, { blob: value, name: value.name, type: value.type }]);
      });
      var type = request.headers.get("Content-Type") || "";
      return self.NKOutbox.add({
        id: key,
        url: request.url,
        page: new URL(back).pathname,
        enctype: type.indexOf("multipart/form-data") === 0 ? "multipart/form-data" : "",
        title: new URL(back).pathname + " · " + new Date().toLocaleString(),
        fields: fields,
      }).then(function () { return Response.redirect(back, 303); });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method === "POST" && request.mode === "navigate" && url.origin === self.location.origin) {
    event.respondWith(sendOrKeep(request));
    return;
  }
  if (request.method !== "GET" || url.origin !== self.location.origin || NEVER.test(url.pathname)) return;
  if (url.pathname.indexOf("/static/") === 0) { event.respondWith(fromCacheFirst(request)); return; }
  if (request.mode === "navigate") event.respondWith(fromNetworkFirst(request));
});

function tellPages(report) {
  return self.clients.matchAll({ type: "window" }).then(function (windows) {
    windows.forEach(function (w) { w.postMessage({ type: "outbox-changed", report: report }); });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag === "nk-outbox") event.waitUntil(self.NKOutbox.flush().then(tellPages));
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "forget-pages") event.waitUntil(caches.delete(PAGES));
});
