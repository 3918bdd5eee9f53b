// Suggests the browser's own time zone in the onboarding form; the patient can still change it.
(function () {
    var select = document.querySelector("select[data-suggest-time-zone]");
    if (!select || select.value) return;
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    for (var i = 0; i < select.options.length; i++) {
        if (select.options[i].value === zone) { select.value = zone; return; }
    }
})();
