// Score grid: a save answered 503 ("not saved — try again": the database was unreachable, nothing was
// saved) is sent again by itself after 1, 2, 4 and 8 s. Meanwhile the cell is marked as not saved with the
// server's message. A save that goes through replaces the whole cell, marks included. Retrying is safe:
// the form still names the version it started from, so a save is never applied twice.
"use strict";
(function () {
  const grid = document.getElementById("score-grid");
  if (!grid) return;
  const DELAYS = [1000, 2000, 4000, 8000];

  function markNotSaved(form, message) {
    const input = form.querySelector("input.score-input");
    if (input) input.classList.add("border-warning");
    let note = form.querySelector(".score-not-saved");
    if (!note) {
      note = document.createElement("div");
      note.className = "score-not-saved small text-warning-emphasis";
      note.setAttribute("role", "status");
      form.appendChild(note);
    }
    note.textContent = message;
  }

  // A value typed again gets its full number of retries.
  grid.addEventListener("input", (event) => {
    if (event.target.form) delete event.target.form.dataset.retries;
  });

  grid.addEventListener("htmx:responseError", (event) => {
    const form = event.detail.elt;
    if (event.detail.xhr.status !== 503 || !form || form.tagName !== "FORM") return;
    markNotSaved(form, event.detail.xhr.responseText);
    const tries = Number(form.dataset.retries || 0);
    if (tries >= DELAYS.length) return;
    form.dataset.retries = String(tries + 1);
    window.setTimeout(() => {
      if (form.isConnected) window.htmx.trigger(form, form.getAttribute("hx-trigger") || "submit");
    }, DELAYS[tries]);
  });
})();
