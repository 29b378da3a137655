// Behaviour shared by every page. Page-specific scripts live in static/js/<page>.js.
"use strict";

// A table wider than the screen scrolls inside its box; keyboard users must be able to reach and
// scroll it too, so such a box becomes focusable (WCAG 2.1.1) and is named by its table's caption or heading.
function makeScrollBoxesFocusable(root) {
  root.querySelectorAll(".table-responsive").forEach((box) => {
    if (box.scrollWidth <= box.clientWidth || box.hasAttribute("tabindex")) return;
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    const before = box.previousElementSibling;
    const heading = box.querySelector("caption") || (before && before.matches("h1, h2, h3, h4, h5, h6") ? before : null);
    if (heading) box.setAttribute("aria-label", heading.textContent.trim());
  });
}

document.addEventListener("DOMContentLoaded", () => makeScrollBoxesFocusable(document));
document.addEventListener("htmx:afterSettle", (event) => makeScrollBoxesFocusable(event.target));
window.addEventListener("resize", () => makeScrollBoxesFocusable(document));

// htmx shows nothing when the server refuses a request or the network drops it; say so above the page.
// A short plain answer from the server (e.g. "Day 2 is on …") is its message; otherwise a general one,
// translated in <body data-…>. The score grid shows its own "not saved" (503) in the cell and retries.
function showRequestProblem(text) {
  const main = document.getElementById("content");
  if (!main) return;
  let alert = document.getElementById("request-problem");
  if (!alert) {
    alert = document.createElement("div");
    alert.id = "request-problem";
    alert.className = "alert alert-danger";
    alert.setAttribute("role", "alert");
    main.prepend(alert);
  }
  alert.textContent = text;
}

document.addEventListener("htmx:responseError", (event) => {
  const xhr = event.detail.xhr;
  if (xhr.status === 503 && event.detail.elt.closest("#score-grid")) return;
  const answer = (xhr.responseText || "").trim();
  const plain = answer && answer.length <= 300 && !answer.includes("<");
  showRequestProblem(plain ? answer : document.body.dataset.requestRefused);
});
document.addEventListener("htmx:sendError", () => showRequestProblem(document.body.dataset.requestLost));
