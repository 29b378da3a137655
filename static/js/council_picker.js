// Council picker (trainings/widgets/council_picker.html): htmx lists the councils found; choosing one puts
// its code into the hidden input and its name into the field. Typing again drops the choice, so that the
// server judges what is in the field (a code) rather than a stale choice.
"use strict";
(function () {
  if (window.councilPickerReady) return; // the widget may be on a page more than once
  window.councilPickerReady = true;

  document.addEventListener("click", (event) => {
    const choice = event.target.closest("[data-council-code]");
    const picker = choice && choice.closest("[data-council-picker]");
    if (!picker) return;
    picker.querySelector("[data-picker-value]").value = choice.dataset.councilCode;
    const field = picker.querySelector("input[type=search]");
    field.value = choice.dataset.councilLabel;
    picker.querySelector(".council-picker-results").replaceChildren();
    field.focus();
  });

  document.addEventListener("input", (event) => {
    const picker = event.target.closest("[data-council-picker]");
    if (picker && event.target.type === "search") picker.querySelector("[data-picker-value]").value = "";
  });
})();
