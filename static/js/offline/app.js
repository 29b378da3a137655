// Installs the portal's service worker (/sw.js), which lets the sessions taken offline open without a network.
"use strict";
(function () {
  const url = document.body.dataset.serviceWorker;
  if (!url || !("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register(url, { scope: "/" }).catch(() => {
    // Without it the portal works as before, online only; the session page's "Take offline" says so.
  });
})();
