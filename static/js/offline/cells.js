// The cells of the score grid and the attendance buttons of the session page, as the offline scripts see them:
// reading a change out of the htmx form that would have saved it, checking a score as the server does, and
// showing a change that waits on the device (or came back as a conflict or refused) in its cell.
"use strict";
window.PortalOffline = window.PortalOffline || {};
(function (offline) {
  const ATTENDANCE_URL = /\/enrolments\/(\d+)\/days\/(\d+)\/$/;
  const SCORE_URL = /\/scores\/(\d+)\/(pre|post)\/$/;
  const ANSWERS_URL = /\/scores\/(\d+)\/(pre|post)\/answers\/$/;

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, (whole, name) => (name in values ? String(values[name]) : whole));
  }

  // The answer sheet (a plain form posted to its own page): every answer, keyed by question number.
  function changeOfAnswerSheet(form) {
    const match = ANSWERS_URL.exec(location.pathname);
    if (!match || form.id !== "answer-sheet") return null;
    const answers = {};
    form.querySelectorAll("input.answer-input").forEach((input) => (answers[input.name.slice(1)] = input.value.trim().toUpperCase()));
    return {
      kind: "answers",
      enrolment: Number(match[1]),
      phase: match[2],
      answers,
      expected_version: Number(form.querySelector("input[name=version]").value || 0),
    };
  }

  // The change an htmx form would save, or null when the form saves something else.
  function changeOfForm(form) {
    if (form.id === "answer-sheet") return changeOfAnswerSheet(form);
    const action = form.getAttribute("hx-post") || "";
    let match = SCORE_URL.exec(action);
    if (match && form.querySelector("input.score-input")) {
      const input = form.querySelector("input.score-input");
      return {
        kind: "score",
        enrolment: Number(match[1]),
        phase: match[2],
        score: input.value.trim(),
        expected_version: Number(form.querySelector("input[name=version]").value || 0),
      };
    }
    match = ATTENDANCE_URL.exec(action);
    if (match) {
      const button = form.querySelector("button.attendance-toggle");
      return {
        kind: "attendance",
        enrolment: Number(match[1]),
        day: Number(match[2]),
        present: form.querySelector("input[name=present]").value === "1",
        expected: shownPresence(button),
      };
    }
    return null;
  }

  function shownPresence(button) {
    if (button.classList.contains("btn-success")) return true;
    if (button.classList.contains("btn-outline-danger")) return false;
    return null;
  }

  // The server's own check (assessments.services.parse_score), with the server's messages.
  function scoreProblem(text, max, messages) {
    const plain = text.replace(/[\s\u00a0]/g, "").replace(",", ".");
    if (plain === "") return null;
    if (!/^(\d+(\.\d*)?|\.\d+)$/.test(plain)) return messages.number;
    if (max !== undefined && Number(plain) > Number(max)) {
      return format(messages.scoreRange, { max: String(max).replace(/\.0+$|(\.\d*?)0+$/, "$1") });
    }
    if ((plain.split(".")[1] || "").replace(/0+$/, "").length > 2) return messages.precision;
    return null;
  }

  function scoreCell(change) {
    return document.getElementById(`cell-${change.enrolment}-${change.phase}`);
  }

  function attendanceForm(change) {
    const row = document.getElementById(`enrolment-${change.enrolment}`);
    if (!row) return null;
    return Array.from(row.querySelectorAll("form[hx-post]")).find((form) => {
      const match = ATTENDANCE_URL.exec(form.getAttribute("hx-post"));
      return match && Number(match[2]) === change.day;
    });
  }

  function note(container, className, text, role) {
    let element = container.querySelector(`.${className}`);
    if (!element) {
      element = document.createElement("div");
      element.className = `${className} small`;
      if (role) element.setAttribute("role", role);
      container.appendChild(element);
    }
    element.textContent = text;
    return element;
  }

  function clearMarks(container) {
    container.classList.remove("offline-waiting", "offline-conflict", "bg-warning-subtle", "offline-refused");
    container.querySelectorAll(".offline-note, .offline-conflict-note, .offline-choices").forEach((el) => el.remove());
  }

  function showScoreError(input, message) {
    const form = input.form;
    input.classList.add("is-invalid");
    input.setAttribute("aria-invalid", "true");
    input.defaultValue = input.value; // score_grid.js does not send an unchanged refused value again
    const feedback = note(form, "invalid-feedback", message, "alert");
    feedback.classList.add("score-error");
    feedback.id = `error-${input.id.replace(/^score-/, "")}`;
    input.setAttribute("aria-describedby", feedback.id);
  }

  function clearScoreError(input) {
    input.classList.remove("is-invalid");
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
    const feedback = input.form.querySelector(".invalid-feedback");
    if (feedback) feedback.remove();
  }

  function setPresence(form, present, messages) {
    const button = form.querySelector("button.attendance-toggle");
    button.classList.remove("btn-success", "btn-outline-danger", "btn-outline-secondary");
    const state = present === true ? "present" : present === false ? "absent" : "notRecorded";
    button.classList.add(present === true ? "btn-success" : present === false ? "btn-outline-danger" : "btn-outline-secondary");
    button.textContent = present === true ? "✓" : present === false ? "✗" : "·";
    button.title = messages[state];
    // "Day 1, Name: present": keep the day and the name, say the new state.
    const label = button.getAttribute("aria-label") || "";
    const cut = label.lastIndexOf(":");
    if (cut > 0) button.setAttribute("aria-label", `${label.slice(0, cut)}: ${messages[state]}`);
    form.querySelector("input[name=present]").value = present ? "0" : "1";
  }

  // Show a change of the queue in its cell: its value, and whether it waits, conflicts or was refused.
  function show(change, messages, actions) {
    if (change.kind === "score") return showScore(change, messages, actions);
    if (change.kind === "attendance") return showAttendance(change, messages, actions);
    if (change.kind === "answers") return showAnswers(change, messages);
    return false;
  }

  // On its own answer sheet only: the answers typed, and whether they wait or were refused.
  function showAnswers(change, messages) {
    const form = document.getElementById("answer-sheet");
    const here = changeOfAnswerSheet(form || document.createElement("form"));
    if (!here || here.enrolment !== change.enrolment || here.phase !== change.phase) return false;
    form.querySelectorAll("input.answer-input").forEach((input) => (input.value = change.answers[input.name.slice(1)] || ""));
    clearMarks(form);
    if (change.state === "conflict" || change.state === "refused") {
      form.classList.add("offline-refused");
      note(form, "offline-note", change.message || "", "alert").classList.add("text-danger");
    } else {
      form.classList.add("offline-waiting");
      note(form, "offline-note", messages.notSent).classList.add("text-warning-emphasis");
    }
    return true;
  }

  function showScore(change, messages, actions) {
    const cell = scoreCell(change);
    const input = cell && cell.querySelector("input.score-input");
    if (!input) return false;
    clearMarks(cell);
    input.value = change.score;
    input.defaultValue = change.score;
    clearScoreError(input);
    if (change.state === "conflict") {
      const theirs = change.current && change.current.score !== null && change.current.score !== undefined ? change.current.score : "—";
      conflict(cell, format(messages.theirs, { theirs, mine: change.score || "—" }), change, messages, actions);
    } else if (change.state === "refused") {
      cell.classList.add("offline-refused");
      note(cell, "offline-note", change.message || "", "alert").classList.add("text-danger");
    } else {
      cell.classList.add("offline-waiting");
      note(cell, "offline-note", messages.notSent).classList.add("text-warning-emphasis");
    }
    return true;
  }

  function showAttendance(change, messages, actions) {
    const form = attendanceForm(change);
    if (!form) return false;
    const cell = form.parentElement;
    clearMarks(cell);
    setPresence(form, change.present, messages);
    if (change.state === "conflict") {
      const theirs = change.current ? presenceWord(change.current.present, messages) : "—";
      conflict(cell, format(messages.theirs, { theirs, mine: presenceWord(change.present, messages) }), change, messages, actions);
    } else if (change.state === "refused") {
      cell.classList.add("offline-refused");
      note(cell, "offline-note", change.message || "", "alert").classList.add("text-danger");
    } else {
      cell.classList.add("offline-waiting");
      note(cell, "offline-note", messages.notSent).classList.add("text-warning-emphasis");
    }
    return true;
  }

  function presenceWord(present, messages) {
    return present === true ? messages.present : present === false ? messages.absent : messages.notRecorded;
  }

  // As the online grid's conflict cell: what the server has, what was typed, and the two ways out.
  function conflict(cell, text, change, messages, actions) {
    cell.classList.add("offline-conflict", "bg-warning-subtle");
    note(cell, "offline-conflict-note", text, "alert");
    const choices = document.createElement("div");
    choices.className = "offline-choices";
    const mine = document.createElement("button");
    mine.type = "button";
    mine.className = "btn btn-sm btn-warning py-0 me-1";
    mine.textContent = messages.keepMine;
    mine.addEventListener("click", () => actions.keepMine(change));
    const theirs = document.createElement("button");
    theirs.type = "button";
    theirs.className = "btn btn-sm btn-outline-secondary py-0";
    theirs.textContent = messages.keepTheirs;
    theirs.addEventListener("click", () => actions.keepTheirs(change));
    choices.append(mine, theirs);
    cell.appendChild(choices);
  }

  // The server's value, once a change is settled (saved, or theirs kept): no marks left in the cell.
  function settle(change, value, messages) {
    if (change.kind === "score") {
      const cell = scoreCell(change);
      const input = cell && cell.querySelector("input.score-input");
      if (!input) return;
      clearMarks(cell);
      if (value) {
        const score = value.score === null || value.score === undefined ? "" : String(value.score).replace(".", ",");
        input.value = score;
        input.defaultValue = score;
        input.dataset.saved = score;
        if (value.version !== undefined) input.form.querySelector("input[name=version]").value = value.version;
      }
    } else if (change.kind === "answers") {
      const form = document.getElementById("answer-sheet");
      if (form) clearMarks(form);
    } else if (change.kind === "attendance") {
      const form = attendanceForm(change);
      if (!form) return;
      clearMarks(form.parentElement);
      if (value && "present" in value) setPresence(form, value.present, messages);
    }
  }

  Object.assign(offline, { format, changeOfForm, scoreProblem, showScoreError, clearScoreError, show, settle, scoreCell });
})(window.PortalOffline);
