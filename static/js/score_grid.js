// Score grid: move between score cells with the keyboard only. Saving is done by htmx on "change".
// Enter / Arrow Down: same test, next participant (after the last one: the first cell of the next test).
// Shift+Enter / Arrow Up: previous participant. Arrow Left/Right at the edge of the text: the other test.
// Escape: put back the saved value (data-saved, as the server last rendered the cell).
// A value the server would refuse (not a number, below 0, above the test's maximum) is sent at once so that
// the cell shows the server's message, and the focus stays in that cell: nothing moves on past an error.
"use strict";
(function () {
  const grid = document.getElementById("score-grid");
  if (!grid) return;

  function inputs(phase) {
    const all = Array.from(grid.querySelectorAll("input.score-input"));
    return phase ? all.filter((input) => input.dataset.phase === phase) : all;
  }

  function go(target) {
    if (!target) return;
    target.focus();
    target.select();
  }

  function vertical(input, step) {
    const column = inputs(input.dataset.phase);
    const index = column.indexOf(input) + step;
    if (index >= 0 && index < column.length) return go(column[index]);
    if (step > 0) {
      // End of a column: carry on at the top of the next one, as a trainer fills pre, then post.
      const phases = Array.from(new Set(inputs().map((el) => el.dataset.phase)));
      const next = phases[phases.indexOf(input.dataset.phase) + 1];
      if (next) go(inputs(next)[0]);
      else input.blur();
    }
  }

  function horizontal(input, step) {
    const all = inputs();
    go(all[all.indexOf(input) + step]);
  }

  // The browser's quick check of a typed score; the server checks again on saving and has the last word.
  function refused(input) {
    const text = input.value.replace(/[\s\u00a0]/g, "").replace(",", ".");
    if (text === "") return false;
    if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text)) return true;
    const max = input.dataset.max === undefined ? Infinity : Number(input.dataset.max);
    const decimals = (text.split(".")[1] || "").replace(/0+$/, "");
    return Number(text) > max || decimals.length > 2;
  }

  let keepFocusOn = null; // id of a refused cell's input, to find it again once htmx has replaced it

  function holdOn(input) {
    keepFocusOn = input.id;
    // Already showing the server's message for exactly this value: nothing new to send.
    if (input.classList.contains("is-invalid") && input.value === input.defaultValue) return;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function moving(input, event, move) {
    event.preventDefault();
    if (refused(input)) holdOn(input);
    else move();
  }

  // Start where typing is needed: the first empty score (pre-tests first, then post-tests). Only once htmx has
  // bound its "change" handlers (it starts on DOMContentLoaded, after the deferred scripts): a score typed
  // before that would never be saved.
  document.addEventListener("DOMContentLoaded", () => {
    const firstEmpty = ["pre", "post"].map((phase) => inputs(phase).find((input) => input.value === "")).find(Boolean);
    if (firstEmpty && !document.querySelector(".is-invalid")) firstEmpty.focus();
  });

  grid.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!input.classList || !input.classList.contains("score-input")) return;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length && input.selectionEnd === input.value.length;
    switch (event.key) {
      case "Enter": // preventDefault inside: never submit the whole page
        moving(input, event, () => vertical(input, event.shiftKey ? -1 : 1));
        break;
      case "ArrowDown":
        moving(input, event, () => vertical(input, 1));
        break;
      case "ArrowUp":
        moving(input, event, () => vertical(input, -1));
        break;
      case "ArrowRight":
        if (atEnd || input.selectionStart !== input.selectionEnd) moving(input, event, () => horizontal(input, 1));
        break;
      case "ArrowLeft":
        if (atStart || input.selectionStart !== input.selectionEnd) moving(input, event, () => horizontal(input, -1));
        break;
      case "Escape":
        if ("saved" in input.dataset) input.value = input.dataset.saved;
        break;
      default:
        break;
    }
  });

  // htmx replaces a saved cell with the server's answer. A refused cell gets the focus back when it was held
  // there, or when the person has not typed anything yet in the cell they moved to.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    const cell = event.detail.target && document.getElementById(event.detail.target.id);
    const input = cell && cell.querySelector("input.score-input");
    if (!input) return;
    const held = keepFocusOn === input.id;
    if (held) keepFocusOn = null;
    const active = document.activeElement;
    const untouched =
      !active ||
      active === document.body ||
      (active !== input && active.classList.contains("score-input") && active.value === active.dataset.saved);
    if (held || (input.classList.contains("is-invalid") && untouched)) {
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    }
  });
})();
