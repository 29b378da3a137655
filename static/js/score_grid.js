// Score grid: move between score cells with the keyboard only. Saving is done by htmx on "change".
// Enter / Arrow Down: same test, next participant (after the last one: the first cell of the next test).
// Shift+Enter / Arrow Up: previous participant. Arrow Left/Right at the edge of the text: the other test.
// Escape: put back the saved value.
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

  // Start where typing is needed: the first empty score (pre-tests first, then post-tests).
  const firstEmpty = ["pre", "post"].map((phase) => inputs(phase).find((input) => input.value === "")).find(Boolean);
  if (firstEmpty && !document.querySelector(".is-invalid")) firstEmpty.focus();

  grid.addEventListener("focusin", (event) => {
    const input = event.target;
    if (input.classList && input.classList.contains("score-input") && !("saved" in input.dataset)) {
      input.dataset.saved = input.value;
    }
  });

  grid.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!input.classList || !input.classList.contains("score-input")) return;
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length && input.selectionEnd === input.value.length;
    switch (event.key) {
      case "Enter":
        event.preventDefault(); // never submit the whole page
        vertical(input, event.shiftKey ? -1 : 1);
        break;
      case "ArrowDown":
        event.preventDefault();
        vertical(input, 1);
        break;
      case "ArrowUp":
        event.preventDefault();
        vertical(input, -1);
        break;
      case "ArrowRight":
        if (atEnd || input.selectionStart !== input.selectionEnd) {
          event.preventDefault();
          horizontal(input, 1);
        }
        break;
      case "ArrowLeft":
        if (atStart || input.selectionStart !== input.selectionEnd) {
          event.preventDefault();
          horizontal(input, -1);
        }
        break;
      case "Escape":
        if ("saved" in input.dataset) input.value = input.dataset.saved;
        break;
      default:
        break;
    }
  });
})();
