// The diary page with or without a connection. Offline, a save is kept on the device ("waiting to send") and sent
// when the connection returns; a problem the server finds, or a newer save of the same day, is shown here with the
// patient's answers kept until they fix, choose or discard. On the copy kept for offline use, the day comes from the address.
(function () {
    "use strict";
    var form = document.querySelector("form.diary-form[data-diary-date]");
    if (!form || !window.CbtDevice) return;
    var shell = document.querySelector("[data-offline-shell]");
    var date = form.getAttribute("data-diary-date");
    var filled = false;
    var status = document.createElement("div");
    status.setAttribute("aria-live", "polite");
    status.className = "device-status";
    form.parentNode.insertBefore(status, form);

    function isoDate(d) {
        return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
    }
    function daysBefore(n) { var d = new Date(); d.setDate(d.getDate() - n); return isoDate(d); }
    function label(day) {
        if (day === daysBefore(0)) return "today";
        if (day === daysBefore(1)) return "yesterday";
        var parts = day.split("-");
        return new Date(+parts[0], +parts[1] - 1, +parts[2]).toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long" });
    }
    function capital(text) { return text.charAt(0).toUpperCase() + text.slice(1); }
    function time(iso) {
        var d = new Date(iso);
        return d.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long" }) + " at "
            + d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
    }

    async function drawShell() {
        var match = location.pathname.match(/^\/patient\/diary\/(\d{4}-\d{2}-\d{2})$/);
        date = match ? match[1] : daysBefore(0);
        if (!match) history.replaceState(null, "", "/patient/diary/" + date);
        form.setAttribute("data-diary-date", date);
        document.querySelector("[data-day-heading]").textContent = "Your diary for " + label(date);
        document.title = "Diary for " + label(date) + " · CbtProgram";
        var open = date <= daysBefore(0) && date >= daysBefore(7);
        var problem = document.querySelector("[data-date-problem]");
        problem.hidden = open;
        problem.textContent = date > daysBefore(0) ? "You cannot fill in the diary for a day that has not happened yet."
            : "Diary days can be added or changed for the last 7 days only.";
        form.hidden = !open;
        var versions = (await CbtDevice.versions()) || {};
        var waiting = await CbtDevice.entries();
        var list = document.querySelector("[data-device-days]");
        list.replaceChildren();
        for (var i = 0; i <= 7; i++) {
            var day = daysBefore(i), item = document.createElement("li"), link = document.createElement("a"), note = document.createElement("span");
            link.href = "/patient/diary/" + day;
            link.textContent = capital(label(day));
            if (day === date) link.setAttribute("aria-current", "page");
            note.className = "text-body-secondary";
            note.textContent = waiting.some(function (e) { return e.date === day; }) ? " waiting to send" : versions[day] !== undefined ? " filled in" : " not filled in";
            item.append(link, note);
            list.append(item);
        }
    }

    function fields() {
        return Array.from(new FormData(form).entries())
            .filter(function (f) { return f[0] !== "__RequestVerificationToken"; })
            .map(function (f) { return [f[0], String(f[1])]; });
    }

    function fill(saved) {
        var values = {};
        saved.forEach(function (f) { (values[f[0]] = values[f[0]] || []).push(f[1]); });
        Array.from(form.elements).forEach(function (input) {
            if (!input.name || input.name === "__RequestVerificationToken" || input.type === "submit") return;
            var given = values[input.name] || [];
            if (input.type === "checkbox" || input.type === "radio") input.checked = given.indexOf(input.value) >= 0;
            else input.value = given.length ? given[0] : "";
            input.dispatchEvent(new Event("change", { bubbles: true }));
        });
    }

    function showProblems(problems) {
        form.querySelectorAll(".invalid-text[data-device]").forEach(function (s) { s.textContent = ""; s.removeAttribute("data-device"); });
        Object.keys(problems || {}).forEach(function (name) {
            var input = form.querySelector('[name="' + name + '"]');
            for (var at = input; at && at !== form; at = at.parentElement) {
                var message = at.querySelector(".invalid-text");
                if (message) { message.textContent = problems[name]; message.setAttribute("data-device", ""); return; }
            }
        });
    }

    function button(text, kind, action) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "btn " + kind + " me-2 mt-2";
        b.textContent = text;
        b.addEventListener("click", action);
        return b;
    }

    function paragraph(text) { var p = document.createElement("p"); p.className = "mb-1"; p.textContent = text; return p; }

    async function discard(entry) {
        if (!confirm("Remove this entry from this device? It has not been sent, so it will be lost.")) return;
        sentOne = false;
        await CbtDevice.update(entry.date, entry.key, function () { return null; });
        form.reset();
        form.querySelectorAll("input, select, textarea").forEach(function (i) { i.dispatchEvent(new Event("change", { bubbles: true })); });
    }

    var sentOne = false;

    // On the page the site drew, the last 7 days' list says which days wait on this device.
    async function markWaitingDays() {
        if (shell) return;
        var waiting = await CbtDevice.entries();
        document.querySelectorAll(".diary-days a[href^='/patient/diary/']").forEach(function (link) {
            var day = link.getAttribute("href").slice("/patient/diary/".length), note = link.parentNode.querySelector("[data-device-note]");
            var isWaiting = waiting.some(function (e) { return e.date === day; });
            if (isWaiting && !note) {
                note = document.createElement("span");
                note.setAttribute("data-device-note", "");
                note.className = "fw-semibold ms-1";
                note.textContent = "· waiting to send";
                link.parentNode.append(note);
            } else if (!isWaiting && note) note.remove();
        });
    }
    async function draw() {
        if (shell) await drawShell(); else await markWaitingDays();
        var entry = await CbtDevice.entry(date);
        status.replaceChildren();
        if (!entry) {
            showProblems({});
            if (sentOne) {
                status.className = "device-status alert alert-success";
                status.append(paragraph("Sent. Your diary for " + label(date) + " is saved."));
            } else status.className = "device-status";
            return;
        }
        sentOne = true;
        if (!filled) { fill(entry.fields); filled = true; }
        var box = status;
        if (entry.status === "problem") {
            box.className = "device-status alert alert-danger";
            box.append(paragraph("We couldn't save this entry yet:"));
            var list = document.createElement("ul");
            Object.keys(entry.problems).forEach(function (k) { var li = document.createElement("li"); li.textContent = entry.problems[k]; list.append(li); });
            box.append(list, paragraph("Change your answers and save again, or discard this entry."));
            box.append(button("Discard this entry", "btn-outline-secondary", function () { discard(entry); }));
            showProblems(entry.problems);
        } else if (entry.status === "conflict") {
            box.className = "device-status alert alert-warning";
            box.append(paragraph("Your diary for " + label(date) + " was also saved on " + time(entry.savedAtServer)
                + ", after you wrote this entry on this device. Which one should we keep?"));
            box.append(button("Keep the one on this device", "btn-primary", function () {
                CbtDevice.update(entry.date, entry.key, function (e) { e.status = "waiting"; e.replace = true; return e; }).then(send);
            }));
            box.append(button("Keep the one already saved", "btn-outline-secondary", function () {
                CbtDevice.update(entry.date, entry.key, function () { return null; }).then(function () { location.reload(); });
            }));
        } else {
            box.className = "device-status alert alert-info";
            box.append(paragraph("Waiting to send. Saved on this device on " + time(entry.savedAt) + "."));
            box.append(paragraph(entry.status === "signed-out" ? "Sign in again and it will be sent."
                : "It will be sent as soon as you're back online. You can still change it: save again and the new answers go instead."));
            box.append(button("Discard this entry", "btn-outline-secondary", function () { discard(entry); }));
        }
    }

    function send() {
        CbtDevice.sendAll().catch(function () { });
        if (navigator.serviceWorker && navigator.serviceWorker.controller)
            navigator.serviceWorker.ready.then(function (r) { return r.sync && r.sync.register("cbt-diary-sync"); }).catch(function () { });
    }

    form.addEventListener("submit", function (event) {
        if (!shell && navigator.onLine && !form.hasAttribute("data-device-waiting")) return; // the usual post
        event.preventDefault();
        filled = true;
        CbtDevice.keep(date, fields()).then(function () { status.scrollIntoView({ block: "center" }); send(); });
    });

    async function start() {
        var versions = form.getAttribute("data-versions");
        if (versions) await CbtDevice.remember(JSON.parse(versions));
        await draw();
        if (await CbtDevice.entry(date)) form.setAttribute("data-device-waiting", "");
        addEventListener("cbt-device-changed", redraw);
        if (CbtDevice.channel) CbtDevice.channel.addEventListener("message", redraw);
    }
    function redraw() {
        CbtDevice.entry(date).then(function (e) { if (e) form.setAttribute("data-device-waiting", ""); else form.removeAttribute("data-device-waiting"); });
        draw();
    }
    start().catch(function () { /* storage turned off: the form still posts as usual */ });
})();
