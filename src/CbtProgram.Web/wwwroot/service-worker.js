importScripts('/js/push-worker.js');
importScripts('/js/device-store.js');
// CbtProgram's service worker. Keeps the site's static files (one cache per build: the ?v= the layout registers it
// with), the offline page, and nothing else from the site: no signed-in page is ever cached here. The only page
// kept for a person is the empty diary form (cache "cbt-patient", filled in by app.js, cleared at sign-out), which
// stands in for today's and the last 7 days' diary pages without a connection. A diary save that cannot reach the
// site is kept on the device (device-store.js) and sent later; Background Sync sends it where the browser has it.
var VERSION = new URL(self.location.href).searchParams.get("v") || "dev";
var STATIC_CACHE = "cbt-static-" + VERSION;
var SHELL = "/patient/diary/offline";
var STATIC_FILE = /^\/(css|js|lib|icons)\/|^\/(favicon\.ico|favicon\.svg|manifest\.webmanifest)$/;
var DIARY_PAGE = /^\/patient\/diary(\/\d{4}-\d{2}-\d{2})?\/?$/;
var DIARY_SAVE = /^\/patient\/diary\/(\d{4}-\d{2}-\d{2})$/;

self.addEventListener("install", function (event) {
    event.waitUntil((async function () {
        var list = await (await fetch("/app/precache", { credentials: "omit", cache: "no-store" })).json();
        var cache = await caches.open(STATIC_CACHE);
        // Without cookies: the offline page is kept for anyone who uses this device, so it must name no one.
        await cache.addAll(list.urls.concat(list.pages).map(function (url) { return new Request(url, { credentials: "omit", cache: "reload" }); }));
        await self.skipWaiting();
    })());
});

self.addEventListener("activate", function (event) {
    event.waitUntil((async function () {
        var names = await caches.keys();
        await Promise.all(names.filter(function (n) { return n.indexOf("cbt-static-") === 0 && n !== STATIC_CACHE; })
            .map(function (n) { return caches.delete(n); }));
        await self.clients.claim();
    })());
});

self.addEventListener("fetch", function (event) {
    var request = event.request;
    var url = new URL(request.url);
    if (url.origin !== self.location.origin) return;
    if (request.method === "POST" && request.mode === "navigate" && DIARY_SAVE.test(url.pathname))
        event.respondWith(saveOrKeep(request, url.pathname.match(DIARY_SAVE)[1]));
    else if (request.method !== "GET") return;
    else if (request.mode === "navigate")
        event.respondWith(fetch(request).catch(function () { return offline(url); }));
    else if (STATIC_FILE.test(url.pathname))
        event.respondWith(staticFile(request));
});

self.addEventListener("sync", function (event) {
    if (event.tag !== "cbt-diary-sync") return;
    event.waitUntil(CbtDevice.sendAll().then(function (left) {
        if (left > 0) throw new Error("Still waiting: the browser will try again.");
    }));
});

async function staticFile(request) {
    var cache = await caches.open(STATIC_CACHE);
    var kept = await cache.match(request);
    if (kept) return kept;
    try {
        var response = await fetch(request);
        if (response.ok) await cache.put(request, response.clone());
        return response;
    } catch (e) {
        var older = await caches.match(request, { ignoreSearch: true });
        if (older) return older;
        throw e;
    }
}

async function offline(url) {
    if (DIARY_PAGE.test(url.pathname)) {
        var form = await caches.match(SHELL, { cacheName: CbtDevice.patientCache });
        if (form) return form;
    }
    var page = await caches.match("/offline", { cacheName: STATIC_CACHE });
    return page || new Response("You're offline. Check your connection, then try again.", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

// A diary page's own Save when the connection has gone: nothing typed is lost, it waits on the device.
async function saveOrKeep(request, date) {
    var copy = request.clone();
    try {
        return await fetch(request);
    } catch (e) {
        var form = await copy.formData();
        var fields = [];
        form.forEach(function (value, name) { if (name !== "__RequestVerificationToken") fields.push([name, String(value)]); });
        await CbtDevice.keep(date, fields);
        return Response.redirect("/patient/diary/" + date, 303);
    }
}
