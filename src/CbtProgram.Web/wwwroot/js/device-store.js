// The device's store for the diary: entries the patient saved while offline (IndexedDB), the day versions the diary
// page last showed, and the person it belongs to. Loaded by pages and by the service worker, so it touches no page.
// Nothing else clinical is kept here: saved entries' answers never are, only when each day was last saved.
(function (global) {
    "use strict";
    var DATABASE = "cbt-device";
    var PATIENT_CACHE = "cbt-patient";
    var channel = "BroadcastChannel" in global ? new BroadcastChannel("cbt-device") : null;
    var opened = null;

    function open() {
        if (opened) return opened;
        opened = new Promise(function (resolve, reject) {
            var request = indexedDB.open(DATABASE, 1);
            request.onupgradeneeded = function () {
                request.result.createObjectStore("entries", { keyPath: "date" });
                request.result.createObjectStore("meta");
            };
            request.onsuccess = function () {
                var db = request.result;
                // Sign-out deletes the database: let it, from every page and the service worker.
                db.onversionchange = function () { db.close(); opened = null; };
                resolve(db);
            };
            request.onerror = function () { opened = null; reject(request.error); };
        });
        return opened;
    }

    function run(storeName, mode, work) {
        return open().then(function (db) {
            return new Promise(function (resolve, reject) {
                var transaction = db.transaction(storeName, mode);
                var request = work(transaction.objectStore(storeName));
                transaction.oncomplete = function () { resolve(request ? request.result : undefined); };
                transaction.onerror = transaction.onabort = function () { reject(transaction.error); };
            });
        });
    }

    function changed() {
        if (channel) channel.postMessage("changed");
        if (global.dispatchEvent && typeof CustomEvent === "function") global.dispatchEvent(new CustomEvent("cbt-device-changed"));
    }

    function entries() { return run("entries", "readonly", function (s) { return s.getAll(); }); }
    function entry(date) { return run("entries", "readonly", function (s) { return s.get(date); }); }
    function meta(key) { return run("meta", "readonly", function (s) { return s.get(key); }); }
    function setMeta(key, value) { return run("meta", "readwrite", function (s) { return s.put(value, key); }); }

    // Changes an entry only while it is still the one that was sent: an edit saved meanwhile (a new key) is kept.
    function update(date, key, change) {
        return run("entries", "readwrite", function (s) {
            var request = s.get(date);
            request.onsuccess = function () {
                var current = request.result;
                if (!current || current.key !== key) return;
                var next = change(current);
                if (next) s.put(next); else s.delete(date);
            };
        }).then(changed);
    }

    function newKey() {
        if (global.crypto && crypto.randomUUID) return crypto.randomUUID();
        var bytes = crypto.getRandomValues(new Uint8Array(16));
        bytes[6] = (bytes[6] & 0x0f) | 0x40; bytes[8] = (bytes[8] & 0x3f) | 0x80;
        var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
        return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
    }

    // Keeps what the patient saved for a day, over any unsent copy of it: a new key, since the answers changed.
    async function keep(date, fields) {
        var versions = (await meta("versions")) || {};
        var kept = {
            date: date, key: newKey(), base: versions[date] === undefined ? null : versions[date],
            fields: fields, savedAt: new Date().toISOString(), status: "waiting",
        };
        await run("entries", "readwrite", function (s) { return s.put(kept); });
        changed();
        return kept;
    }

    async function remember(versions) {
        await setMeta("versions", Object.assign((await meta("versions")) || {}, versions));
    }

    async function freshToken() {
        var response = await fetch("/patient/diary/offline/token", { credentials: "same-origin", cache: "no-store" });
        if (response.redirected || response.status === 401 || response.status === 403) return null;
        if (!response.ok) throw new Error("The site is busy.");
        return (await response.json()).token;
    }

    // Sends every entry waiting to go, one at a time (one sender per browser), and returns how many still wait.
    async function sendAll() {
        if (global.navigator && navigator.onLine === false) return countWaiting();
        var work = async function () {
            var waiting = (await entries()).filter(function (e) { return e.status === "waiting" || e.status === "signed-out"; });
            if (waiting.length === 0) return;
            var token;
            try { token = await freshToken(); } catch (e) { return; }
            for (var i = 0; i < waiting.length; i++) {
                var sent = waiting[i];
                if (token === null) { await update(sent.date, sent.key, function (e) { e.status = "signed-out"; return e; }); continue; }
                var body = new FormData();
                sent.fields.forEach(function (field) { body.append(field[0], field[1]); });
                body.append("SubmissionKey", sent.key);
                body.append("BaseVersion", sent.base === null ? "" : String(sent.base));
                if (sent.replace) body.append("Replace", "true");
                body.append("__RequestVerificationToken", token);
                var response;
                try {
                    response = await fetch("/patient/diary/" + sent.date + "/offline", { method: "POST", body: body, credentials: "same-origin" });
                } catch (e) { return; }
                if (response.redirected) { await update(sent.date, sent.key, function (e) { e.status = "signed-out"; return e; }); continue; }
                var answer = await response.json().catch(function () { return null; });
                if (response.ok && answer) {
                    await update(sent.date, sent.key, function () { return null; });
                    var version = {}; version[sent.date] = answer.version;
                    await remember(version);
                } else if (response.status === 409 && answer) {
                    await update(sent.date, sent.key, function (e) { e.status = "conflict"; e.savedAtServer = answer.savedAt; e.serverVersion = answer.version; return e; });
                } else if (response.status === 422 && answer) {
                    await update(sent.date, sent.key, function (e) { e.status = "problem"; e.problems = answer.problems; return e; });
                } else {
                    return; // busy or failing for now: try again later
                }
            }
        };
        if (navigator.locks) await navigator.locks.request("cbt-diary-sending", work); else await work();
        return countWaiting();
    }

    async function countWaiting() {
        return (await entries()).filter(function (e) { return e.status === "waiting"; }).length;
    }

    async function exists() {
        if (!indexedDB.databases) return true;
        return (await indexedDB.databases()).some(function (d) { return d.name === DATABASE; });
    }

    // Removes everything this device keeps for the person: unsent entries, day versions and the kept diary form.
    async function clearAll() {
        if (opened) { try { (await opened).close(); } catch (e) { /* never opened */ } opened = null; }
        await new Promise(function (resolve) {
            var request = indexedDB.deleteDatabase(DATABASE);
            request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
        });
        if (global.caches) await caches.delete(PATIENT_CACHE);
        changed();
    }

    // Whose store this is: a different person signing in starts with an empty one; a signed-out page keeps only
    // entries still waiting to be sent (their owner may sign in again to send them), and the signed-out page nothing.
    async function claim(owner, signedOut) {
        if (signedOut) return clearAll();
        if (!owner && !(await exists())) return;
        var previous = await meta("owner");
        if (owner) {
            if (previous && previous !== owner) await clearAll();
            if (previous !== owner) await setMeta("owner", owner);
        } else if ((await entries()).length === 0) {
            await clearAll();
        }
    }

    global.CbtDevice = {
        patientCache: PATIENT_CACHE, channel: channel,
        entries: entries, entry: entry, keep: keep, update: update, remember: remember, versions: function () { return meta("versions"); },
        sendAll: sendAll, clearAll: clearAll, claim: claim,
    };
})(self);
