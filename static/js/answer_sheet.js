// Answer sheet: one keystroke per answer. A letter among the question's choices, or its number
// (1 = first choice), fills the answer and moves on; Backspace clears and goes back; Enter saves.
"use strict";
(function () {
  const form = document.getElementById("answer-sheet");
  if (!form) return;
  const fields = Array.from(form.querySelectorAll("input.answer-input"));
  const submit = form.querySelector("button[type=submit]");

  function choicesOf(input) {
    return (input.dataset.choices || "").split(",").filter(Boolean).map((c) => c.toUpperCase());
  }

  function move(input, step) {
    const next = fields[fields.indexOf(input) + step];
    if (next) {
      next.focus();
      next.select();
    } else if (step > 0 && submit) {
      submit.focus();
    }
  }

  form.addEventListener("keydown", (event) => {
    const input = event.target;
    if (!input.classList || !input.classList.contains("answer-input")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const choices = choicesOf(input);
    const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
    if (key.length === 1 && /\S/.test(key)) {
      let answer = null;
      if (choices.includes(key)) answer = key;
      else if (/^[1-9]$/.test(key) && Number(key) <= choices.length) answer = choices[Number(key) - 1];
      else if (!choices.length) answer = key;
      event.preventDefault();
      if (answer !== null) {
        input.value = answer;
        move(input, 1);
      }
    } else if (key === "Backspace" && input.value === "") {
      event.preventDefault();
      move(input, -1);
    } else if (key === "ArrowDown") {
      event.preventDefault();
      move(input, 1);
    } else if (key === "ArrowUp") {
      event.preventDefault();
      move(input, -1);
    }
  });

  if (fields.length) {
    const firstEmpty = fields.find((field) => field.value === "") || fields[0];
    firstEmpty.focus();
  }
})();
