// The installable app on every page: registers the service worker, keeps the empty diary form for use offline,
// sends diary entries saved offline when the connection is back, shows how many wait, and clears the device at sign-out.
(function () {
    "use strict";
    var SHELL = "/patient/diary/offline";
    var ownerMeta = document.querySelector('meta[name="cbt-device-owner"]');
    var owner = ownerMeta ? ownerMeta.content : null;
    var isPatient = !!ownerMeta && ownerMeta.getAttribute("data-patient") === "true";
    var version = (document.querySelector('meta[name="cbt-app-version"]') || {}).content || "dev";

    document.querySelectorAll("[data-reload]").forEach(function (button) {
        button.addEventListener("click", function () { location.reload(); });
    });
    if ("serviceWorker" in navigator)
        navigator.serviceWorker.register("/service-worker.js?v=" + encodeURIComponent(version), { scope: "/" }).catch(function () { });
    if (!("indexedDB" in window) || !window.CbtDevice) return;

    document.querySelectorAll('form[action="/account/sign-out"]').forEach(function (form) {
        form.addEventListener("submit", function (event) {
            if (form.hasAttribute("data-device-cleared")) return;
            event.preventDefault();
            signOut(form);
        });
    });

    async function signOut(form) {
        try {
            await CbtDevice.sendAll();
            var left = (await CbtDevice.entries()).length;
            if (left > 0 && !confirm((left === 1 ? "One diary entry on this device has not been sent yet."
                : left + " diary entries on this device have not been sent yet.")
                + " Signing out removes it from this device. Sign out anyway?")) return;
            await CbtDevice.clearAll();
        } catch (e) { /* nothing kept, or storage unavailable: sign out all the same */ }
        form.setAttribute("data-device-cleared", "");
        form.submit();
    }

    async function keepShell() {
        if (!navigator.onLine || !("caches" in window)) return;
        var cache = await caches.open(CbtDevice.patientCache);
        var kept = await cache.match(SHELL);
        var fresh = kept && kept.headers.get("x-cbt-app-version") === version
            && Date.now() - Date.parse(kept.headers.get("date") || 0) < 3600 * 1000;
        if (fresh) return;
        var response = await fetch(SHELL, { credentials: "same-origin", cache: "no-store" });
        if (response.ok && !response.redirected) await cache.put(SHELL, response);
    }

    function describe(count, needsYou) {
        if (needsYou) return needsYou === 1 ? "A diary entry needs you" : needsYou + " diary entries need you";
        return count === 1 ? "1 diary entry waiting to send" : count + " diary entries waiting to send";
    }

    async function showWaiting() {
        var all = await CbtDevice.entries();
        var indicator = document.getElementById("device-waiting");
        if (all.length === 0) { if (indicator) indicator.remove(); return; }
        if (!indicator) {
            indicator = document.createElement("a");
            indicator.id = "device-waiting";
            indicator.className = "device-waiting";
            var brand = document.querySelector(".navbar-brand");
            brand.parentNode.insertBefore(indicator, brand.nextSibling);
        }
        var needsYou = all.filter(function (e) { return e.status === "problem" || e.status === "conflict"; });
        indicator.textContent = describe(all.length, needsYou.length);
        indicator.href = "/patient/diary/" + (needsYou[0] || all[0]).date;
        indicator.classList.toggle("needs-you", needsYou.length > 0);
    }

    // The "online" event can come a moment before the connection carries anything: while entries wait and the
    // device says it is online, try again after 3, 6, 12... seconds (at most a minute apart).
    var retry = null, delay = 3000;
    async function sendSoon() {
        clearTimeout(retry);
        var left = await CbtDevice.sendAll();
        if (left > 0 && navigator.onLine) { retry = setTimeout(sendSoon, delay); delay = Math.min(delay * 2, 60000); }
        else delay = 3000;
    }

    async function start() {
        await CbtDevice.claim(owner, location.pathname === "/account/signed-out");
        if (!isPatient) return;
        showWaiting();
        addEventListener("cbt-device-changed", showWaiting);
        if (CbtDevice.channel) CbtDevice.channel.addEventListener("message", showWaiting);
        addEventListener("online", sendSoon);
        document.addEventListener("visibilitychange", function () { if (!document.hidden) sendSoon(); });
        await sendSoon();
        await keepShell();
    }

    start().catch(function () { /* private browsing or storage turned off: the site works without it */ });
})();
