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
