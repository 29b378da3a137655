// Sizes the import progress bar from its data-progress value (no inline styles), also after htmx swaps.
(function () {
  function sizeBars(root) {
    root.querySelectorAll(".progress-bar[data-progress]").forEach(function (bar) {
      bar.style.width = bar.dataset.progress + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { sizeBars(document); });
  document.addEventListener("htmx:afterSwap", function (event) { sizeBars(event.detail.elt.parentNode || document); });
})();
