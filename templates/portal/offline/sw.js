{% autoescape off %}// The portal's service worker (served at /sw.js by portal/offline.py, scope "/").
// Pages and data always come from the network when it answers. When it does not, a page is taken from what
// "Take offline" stored on the device (one cache per user and session, filled by static/js/offline/take.js),
// and static files from there or from the static files already seen. Saves (POST) are never cached or replayed
// here: the page's own script queues them in IndexedDB and syncs them.
"use strict";
importScripts("{{ workbox_sw }}");
const WORKBOX_MODULES = {{ workbox_modules }};
workbox.setConfig({ debug: false, modulePathCb: (name) => WORKBOX_MODULES[name] });
workbox.loadModule("workbox-core");
workbox.loadModule("workbox-routing");
workbox.loadModule("workbox-strategies");

const STATIC_URL = "{{ static_url }}";

// When the network fails, answer from any of the device's caches (a session's copy or the static files).
const fromDevice = {
  handlerDidError: async ({ request }) => (await caches.match(request, { ignoreVary: true })) || undefined,
};

workbox.routing.registerRoute(
  ({ request, url }) => request.mode === "navigate" && url.origin === self.location.origin,
  // A venue's signal can hang rather than fail: after 10 s the stored copy is shown instead.
  new workbox.strategies.NetworkOnly({ networkTimeoutSeconds: 10, plugins: [fromDevice] }),
);
workbox.routing.registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith(STATIC_URL),
  new workbox.strategies.StaleWhileRevalidate({ cacheName: "portal-static", plugins: [fromDevice] }),
);
workbox.routing.registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname === "/manifest.webmanifest",
  new workbox.strategies.NetworkOnly({ plugins: [fromDevice] }),
);

// A new version takes over at once, so a fix reaches the trainer's phone on the next page load.
self.addEventListener("install", () => self.skipWaiting());
workbox.core.clientsClaim();
{% endautoescape %}
