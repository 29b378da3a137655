// The days of a session whose attendance can be marked, on the device's copy of the session page.
// The copy has every day's buttons (hidden for the days still to come when it was taken): a day's buttons show
// once its date has come (Asia/Bishkek, as the server counts) when the page is shown — a copy taken the evening
// before still marks day 1 the next morning. The server refuses a day whose date has not come all the same.
"use strict";
window.PortalOffline = window.PortalOffline || {};
(function (offline) {
  // Today's date where the sessions are held, as "YYYY-MM-DD".
  function today(timeZone) {
    const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date());
    const part = (type) => parts.find((p) => p.type === type).value;
    return `${part("year")}-${part("month")}-${part("day")}`;
  }

  function dayDate(startDate, day) {
    const date = new Date(`${startDate}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + day - 1);
    return date.toISOString().slice(0, 10);
  }

  function showDaysCome() {
    const table = document.querySelector("table.roster[data-device-copy]");
    if (!table) return; // the page from the server: it already shows the days that have come
    const now = today(table.dataset.timeZone || "Asia/Bishkek");
    const come = (day) => dayDate(table.dataset.startDate, Number(day)) <= now;
    document.querySelectorAll("form[data-day]").forEach((form) => (form.hidden = !come(form.dataset.day)));
    document.querySelectorAll("[data-day-not-yet]").forEach((span) => (span.hidden = come(span.dataset.dayNotYet)));
    document.querySelectorAll("form[data-mark-all-day]").forEach((form) => (form.hidden = !come(form.dataset.markAllDay)));
    const days = document.querySelectorAll("form[data-mark-all-day]");
    const note = document.querySelector("[data-days-not-yet]");
    if (note && days.length) note.hidden = Array.from(days).every((form) => !form.hidden);
  }

  showDaysCome();
  Object.assign(offline, { showDaysCome });
})(window.PortalOffline);
