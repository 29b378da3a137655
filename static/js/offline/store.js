// The device's copy of sessions taken offline, in IndexedDB (the `idb` package, static/vendor/idb).
// - snapshots: one per user and session (key "user:session"), the JSON the server gave at "Take offline".
// - changes: the queue. A change belongs to the user who made it and is sent only under that user's account;
//   it leaves the queue only once the server has answered "saved" or "unchanged" for its id.
// The pages' HTML and static files are kept by the service worker's Cache Storage, one cache per user and session.
"use strict";
window.PortalOffline = window.PortalOffline || {};
(function (offline) {
  const MAX_AGE_DAYS = 14;
  let database = null;

  function db() {
    if (!database) {
      database = window.idb.openDB("portal-offline", 1, {
        upgrade(upgradeDb) {
          upgradeDb.createObjectStore("snapshots", { keyPath: "key" });
          const changes = upgradeDb.createObjectStore("changes", { keyPath: "id" });
          changes.createIndex("user", "user");
        },
      });
    }
    return database;
  }

  function cacheName(user, session) {
    return `portal-offline-u${user}-s${session}`;
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    // randomUUID needs a secure context; the portal always has one (HTTPS or localhost), this is a fallback.
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  async function getSnapshot(user, session) {
    return (await db()).get("snapshots", `${user}:${session}`);
  }

  async function putSnapshot(user, session, data) {
    const record = { key: `${user}:${session}`, user, session, storedAt: Date.now(), data };
    await (await db()).put("snapshots", record);
    return record;
  }

  function isStale(record) {
    const taken = Date.parse(record.data.taken_at) || record.storedAt;
    return Date.now() - taken > MAX_AGE_DAYS * 24 * 3600 * 1000;
  }

  // Every change of the queue, oldest first (they are sent in the order they were made).
  async function allChanges() {
    const changes = await (await db()).getAll("changes");
    return changes.sort((a, b) => a.seq - b.seq);
  }

  async function changesOf(user, session) {
    return (await allChanges()).filter((c) => c.user === user && (session === undefined || c.session === session));
  }

  function sameCell(a, b) {
    return (
      a.user === b.user &&
      a.session === b.session &&
      a.kind === b.kind &&
      a.enrolment === b.enrolment &&
      a.day === b.day &&
      a.phase === b.phase
    );
  }

  // Queue a change. A change of the same cell that was never sent is replaced (same id: the server has never
  // seen it), keeping the starting point it had; one that was sent may have been applied, so a new one follows it.
  async function queue(change) {
    const tx = (await db()).transaction("changes", "readwrite");
    const existing = (await tx.store.getAll()).filter((c) => sameCell(c, change) && !c.sent);
    const previous = existing[0];
    const record = previous
      ? { ...previous, ...change, id: previous.id, expected: previous.expected, expected_version: previous.expected_version }
      : { ...change, id: newId() };
    record.seq = previous ? previous.seq : Date.now() + Math.random();
    record.state = "waiting";
    delete record.message;
    delete record.current;
    await tx.store.put(record);
    await tx.done;
    return record;
  }

  async function update(change) {
    await (await db()).put("changes", change);
  }

  async function remove(ids) {
    const tx = (await db()).transaction("changes", "readwrite");
    await Promise.all(ids.map((id) => tx.store.delete(id)));
    await tx.done;
  }

  // Forget a session's copy: its snapshot, its queue (the caller asks first) and its cached pages.
  async function forget(user, session) {
    const changes = await changesOf(user, session);
    await remove(changes.map((c) => c.id));
    await (await db()).delete("snapshots", `${user}:${session}`);
    if (window.caches) await window.caches.delete(cacheName(user, session));
  }

  Object.assign(offline, {
    cacheName,
    getSnapshot,
    putSnapshot,
    isStale,
    allChanges,
    changesOf,
    queue,
    update,
    remove,
    forget,
    sameCell,
  });
})(window.PortalOffline);
