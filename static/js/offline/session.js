// A session's work without a connection, on its score grid and its page (attendance); see docs/offline.md.
// - "Take offline": the snapshot (GET /sessions/<pk>/offline/) goes to IndexedDB, the pages and their static
//   files to the service worker's cache for this user and session.
// - Offline (or when a save fails on the way), a cell's save is not sent: it is checked here as the server
//   would, queued on the device with the version it started from, and shown as "not sent yet".
// - Back online (or "Sync now"): the user's own queue goes to POST /offline/sync/ in one batch; the server's
//   answer per change decides: saved/unchanged leave the queue, conflicts wait for Keep mine / Keep theirs,
//   refused ones stay listed (and can be exported as a file).
"use strict";
(function (offline) {
  const panel = document.getElementById("offline-panel");
  if (!panel || !window.idb || !window.indexedDB) return;
  const user = Number(panel.dataset.user);
  const session = Number(panel.dataset.session);
  const banner = document.getElementById("offline-banner");
  const stateLine = document.getElementById("offline-state");
  const problems = document.getElementById("offline-problems");
  const buttons = {};
  panel.querySelectorAll("[data-offline-action]").forEach((b) => (buttons[b.dataset.offlineAction] = b));
  const pageMessages = {};
  Object.keys(panel.dataset)
    .filter((key) => key.startsWith("msg"))
    .forEach((key) => (pageMessages[key.charAt(3).toLowerCase() + key.slice(4)] = panel.dataset[key]));
  let snapshot = null; // this user's copy of this session, if any
  let syncing = false;
  let syncAgain = false; // a change queued while a sync was under way goes out right after it
  let note = ""; // what the last action said (taking, syncing, failing), shown under the banner

  const format = offline.format;

  // The snapshot's messages (the server's words, in the language the copy was taken in) over the page's own.
  function messages() {
    const fromServer = (snapshot && snapshot.data.messages) || {};
    return {
      ...pageMessages,
      scoreRange: fromServer.score_range || pageMessages.scoreRange,
      number: fromServer.number || pageMessages.number,
      precision: fromServer.precision || pageMessages.precision,
    };
  }

  function online() {
    return navigator.onLine;
  }

  // ---- the banner: counts straight from the queue, never from what the page thinks ----
  async function render() {
    const all = await offline.allChanges();
    const mine = all.filter((c) => c.user === user);
    const others = all.filter((c) => c.user !== user);
    const here = mine.filter((c) => c.session === session);
    const unsent = mine.length; // nothing of these is on the server yet
    const conflicts = here.filter((c) => c.state === "conflict").length;
    const refused = mine.filter((c) => c.state === "refused");
    const m = messages();
    let text = "";
    if (!online()) text = unsent ? format(m.offline, { count: unsent }) : m.offlineNone;
    else if (unsent) text = format(m.waiting, { count: unsent });
    else if (snapshot) text = m.saved;
    banner.textContent = text;
    banner.className = `fw-semibold ${!online() || unsent ? "text-warning-emphasis" : "text-success"}`;
    const lines = [];
    if (note) lines.push(note);
    if (snapshot) {
      lines.push(format(m.taken, { date: new Date(snapshot.data.taken_at || snapshot.storedAt).toLocaleString([document.documentElement.lang, "ru"]) }));
      if (offline.isStale(snapshot)) lines.push(m.stale);
    }
    if (conflicts) lines.push(format(m.conflicts, { count: conflicts }));
    if (refused.length) lines.push(format(m.refused, { count: refused.length }));
    if (others.length) lines.push(format(m.otherUser, { count: others.length }));
    stateLine.replaceChildren(...lines.map((line) => Object.assign(document.createElement("div"), { textContent: line })));
    problems.replaceChildren(...refused.map((change) => problemItem(change, m)));
    buttons.sync.hidden = !mine.some((c) => c.state === "waiting");
    buttons.export.hidden = !(mine.length || others.length);
    buttons.forget.hidden = !snapshot && !here.length;
    buttons.take.disabled = !online();
    panel.hidden = false;
  }

  function describe(change, m) {
    const enrolments = (snapshot && snapshot.data.enrolments) || [];
    const person = enrolments.find((e) => e.id === change.enrolment);
    const what = change.kind === "attendance" ? format(m.day, { day: change.day }) : m[change.phase] || change.phase;
    return `${person ? person.name : `#${change.enrolment}`} · ${what}`;
  }

  function problemItem(change, m) {
    const item = document.createElement("li");
    item.className = "text-danger";
    item.textContent = `${describe(change, m)} — ${change.message || ""}`;
    return item;
  }

  // ---- taking the session offline ----
  function sameOrigin(url) {
    try {
      return new URL(url, location.href).origin === location.origin;
    } catch (error) {
      return false;
    }
  }

  // The page and every static file it loads (styles, scripts, icons, the manifest) into the session's cache.
  async function storePage(cache, pageUrl, assetsStored = new Set()) {
    // The session page's copy leaves out phone numbers (?device_copy=1); it is stored under the page's own address.
    const copyUrl = new URL(pageUrl, location.href);
    copyUrl.searchParams.set("device_copy", "1");
    const response = await fetch(copyUrl, { credentials: "same-origin" });
    if (!response.ok || response.redirected) throw new Error(`page ${pageUrl}: ${response.status}`);
    const html = await response.clone().text();
    await cache.put(new URL(pageUrl, location.href).href, response);
    const page = new DOMParser().parseFromString(html, "text/html");
    const assets = Array.from(page.querySelectorAll("link[href], script[src], img[src]"))
      .map((el) => el.getAttribute("href") || el.getAttribute("src"))
      .filter((url) => url && sameOrigin(url) && !/^(data|blob):/.test(url));
    const newAssets = Array.from(new Set(assets)).filter((url) => !assetsStored.has(url));
    newAssets.forEach((url) => assetsStored.add(url));
    await Promise.all(
      newAssets.map((url) =>
        cache.add(new Request(url, { credentials: "same-origin" })).catch(() => {
          throw new Error(`file ${url}`);
        }),
      ),
    );
  }

  async function take() {
    note = pageMessages.taking;
    buttons.take.disabled = true;
    await render();
    try {
      if (!("serviceWorker" in navigator) || !window.caches) throw new Error("no service worker");
      await navigator.serviceWorker.ready; // the pages open offline only through it
      const response = await fetch(panel.dataset.snapshotUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok || response.redirected) throw new Error(`snapshot: ${response.status}`);
      const data = await response.json();
      const urls = data.urls || {};
      const pages = [urls.grid || panel.dataset.gridUrl, urls.attendance || panel.dataset.attendanceUrl];
      const name = offline.cacheName(user, session);
      await caches.delete(name); // a fresh copy, not a mix of two
      const cache = await caches.open(name);
      // The answer sheets too (one page per participant and test): the same static files, fetched once.
      (urls["answer sheets"] || []).forEach((sheet) => pages.push(sheet.url));
      const assetsStored = new Set();
      for (const page of Array.from(new Set(pages.filter(Boolean)))) await storePage(cache, page, assetsStored);
      snapshot = await offline.putSnapshot(user, session, data);
      note = "";
    } catch (error) {
      note = pageMessages.takeFailed;
    }
    await render();
  }

  // After changes reach the server, the stored pages would show the old values when opened offline again:
  // the grid, the session page and the answer sheets whose answers were among the changes.
  async function refreshStoredPages(changes = []) {
    if (!snapshot || !online()) return;
    try {
      const cache = await caches.open(offline.cacheName(user, session));
      const urls = snapshot.data.urls || {};
      const answered = new Set(changes.filter((c) => c.kind === "answers").map((c) => `${c.enrolment}:${c.phase}`));
      const sheets = (urls["answer sheets"] || []).filter((sheet) => answered.has(`${sheet.enrolment}:${sheet.phase}`));
      const pages = [urls.grid || panel.dataset.gridUrl, urls.attendance || panel.dataset.attendanceUrl];
      for (const page of [...pages, ...sheets.map((sheet) => sheet.url)]) {
        await storePage(cache, page);
      }
    } catch (error) {
      // The old copy stays; the queue still holds whatever was not saved, and is re-applied on it.
    }
  }

  async function forget() {
    const waiting = (await offline.changesOf(user, session)).length;
    if (waiting && !window.confirm(format(pageMessages.forgetConfirm, { count: waiting }))) return;
    await offline.forget(user, session);
    snapshot = null;
    await render();
  }

  // ---- a save that cannot reach the server ----
  async function capture(form) {
    const change = offline.changeOfForm(form);
    if (!change) return false;
    const m = messages();
    if (change.kind === "score") {
      const input = form.querySelector("input.score-input");
      const problem = offline.scoreProblem(change.score, input.dataset.max, m);
      if (problem) {
        offline.showScoreError(input, problem);
        return true;
      }
      offline.clearScoreError(input);
      const queued = (await offline.changesOf(user, session)).some((c) => offline.sameCell(c, { ...change, user, session }));
      if (!queued && change.score === (input.dataset.saved || "")) return true; // nothing changed
    }
    const record = await offline.queue({ ...change, user, session });
    offline.show(record, m, actions);
    document.getElementById("request-problem")?.remove(); // portal.js's "not saved": it is, on the device
    await render();
    return true;
  }

  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const form = event.detail.elt;
    if (online() || !form || form.tagName !== "FORM" || !offline.changeOfForm(form)) return;
    event.preventDefault(); // offline: never sent, kept on the device instead
    capture(form);
  });
  document.body.addEventListener("htmx:sendError", (event) => {
    const form = event.detail.elt;
    if (form && form.tagName === "FORM" && offline.changeOfForm(form)) capture(form);
  });

  // The answer sheet offline: its answers are queued (checked by the server when they reach it).
  document.body.addEventListener("submit", async (event) => {
    if (online() || event.target.id !== "answer-sheet") return;
    event.preventDefault();
    await capture(event.target);
  });

  // "Mark everyone present for day N" offline: one queued mark per participant not shown present yet.
  document.body.addEventListener("submit", async (event) => {
    const form = event.target;
    if (online() || !form.matches("form[data-mark-all-day]")) return;
    event.preventDefault();
    const day = form.dataset.markAllDay;
    const marks = Array.from(document.querySelectorAll(`tr[id^="enrolment-"] form[data-day="${day}"]`));
    for (const mark of marks) {
      const change = offline.changeOfForm(mark);
      if (change && change.present) await capture(mark);
    }
  });

  // ---- sync ----
  function csrfToken() {
    // The cookie, not the page: a page opened from the device may carry the token of an earlier login.
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function payload(change) {
    const fields = ["id", "session", "kind", "enrolment"];
    if (change.kind === "attendance") fields.push("day", "present", "expected");
    if (change.kind === "score") fields.push("phase", "score", "expected_version");
    if (change.kind === "answers") fields.push("phase", "answers", "expected_version");
    return Object.fromEntries(fields.map((field) => [field, change[field]]));
  }

  async function sync() {
    if (syncing) {
      syncAgain = true;
      return;
    }
    if (!online()) return;
    const toSend = (await offline.changesOf(user)).filter((c) => c.state === "waiting");
    if (!toSend.length) return;
    syncing = true;
    note = pageMessages.syncing;
    await render();
    try {
      // Marked sent before sending: if the answer is lost, a later edit of the cell queues a new change.
      for (const change of toSend) await offline.update({ ...change, sent: true });
      const response = await fetch((snapshot && snapshot.data.urls && snapshot.data.urls.sync) || panel.dataset.syncUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
        body: JSON.stringify({ user, changes: toSend.map(payload) }),
      });
      if (response.status === 403) {
        note = pageMessages.otherAccount;
        return;
      }
      if (!response.ok || response.redirected) throw new Error(`sync: ${response.status}`);
      await apply((await response.json()).results || [], toSend);
      note = "";
      await refreshStoredPages(toSend);
    } catch (error) {
      note = pageMessages.syncFailed;
    } finally {
      syncing = false;
      await render();
      if (syncAgain) {
        syncAgain = false;
        await sync();
      }
    }
  }

  async function apply(results, sent) {
    const byId = new Map(sent.map((c) => [c.id, c]));
    const done = [];
    const m = messages();
    for (const result of results) {
      const change = byId.get(result.id);
      if (!change) continue;
      if (result.status === "saved" || result.status === "unchanged") {
        done.push(change.id);
        offline.settle(change, result.current, m);
      } else if (result.status === "conflict" || result.status === "refused") {
        const updated = { ...change, sent: true, state: result.status, message: result.message || "", current: result.current || null };
        await offline.update(updated);
        if (updated.session === session) offline.show(updated, m, actions);
      }
    }
    await offline.remove(done);
  }

  // Keep mine: the same value again, now starting from the server's version (a new change: the server
  // remembers the old one's answer). Keep theirs: the change leaves the queue, the cell shows theirs.
  const actions = {
    async keepMine(change) {
      await offline.remove([change.id]);
      const again = { ...change, sent: false };
      delete again.id;
      if (change.kind !== "attendance") again.expected_version = (change.current && change.current.version) || 0;
      else again.expected = change.current ? change.current.present : null;
      const record = await offline.queue(again);
      offline.show(record, messages(), actions);
      await render();
      await sync();
    },
    async keepTheirs(change) {
      await offline.remove([change.id]);
      offline.settle(change, change.current || (change.kind === "score" ? { score: null, version: 0 } : { present: null }), messages());
      await render();
      await refreshStoredPages([change]);
    },
  };

  function exportChanges() {
    offline.allChanges().then((changes) => {
      const file = {
        exported_at: new Date().toISOString(),
        user,
        changes: changes.map((c) => ({ ...payload(c), user: c.user, state: c.state, message: c.message || "" })),
      };
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: "application/json" }));
      link.download = `offline-changes-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    });
  }

  buttons.take.addEventListener("click", take);
  buttons.forget.addEventListener("click", forget);
  buttons.sync.addEventListener("click", sync);
  buttons.export.addEventListener("click", exportChanges);
  window.addEventListener("online", () => render().then(sync));
  window.addEventListener("offline", render);

  // On load: the stored copy, the queued changes put back on the page (it may be the stored one), and a sync
  // of whatever still waits when there is a connection.
  (async () => {
    snapshot = (await offline.getSnapshot(user, session)) || null;
    const m = messages();
    for (const change of await offline.changesOf(user, session)) offline.show(change, m, actions);
    await render();
    if (online()) await sync();
  })();
})(window.PortalOffline);
