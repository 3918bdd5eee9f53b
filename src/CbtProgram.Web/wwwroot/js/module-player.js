// The module player's small helpers: progress bar widths (no inline styles under our CSP) and the guided-exercise timer.
// Only the phase name is a live region: a screen reader hears each new phase, not every passing second.
// The timer tells the exercise element what happens (exercise:phase, exercise:phase-end, exercise:pause, exercise:resume,
// exercise:done), so read-aloud.js can speak each phase in step with it.
(function () {
    document.querySelectorAll("[data-width]").forEach(function (bar) {
        bar.style.width = bar.getAttribute("data-width") + "%";
    });

    document.querySelectorAll("[data-exercise]").forEach(function (exercise) {
        var phases = Array.prototype.slice.call(exercise.querySelectorAll("[data-phase]"));
        var timer = exercise.querySelector("[data-timer]");
        if (!timer || phases.length === 0) return;
        timer.hidden = false;
        var name = timer.querySelector("[data-phase-name]");
        var left = timer.querySelector("[data-phase-left]");
        var bar = timer.querySelector("[data-phase-bar]");
        var start = timer.querySelector("[data-start]");
        var pause = timer.querySelector("[data-pause]");
        var skip = timer.querySelector("[data-skip]");
        var index = 0, remaining = 0, tick = null;
        function tell(what) { exercise.dispatchEvent(new CustomEvent("exercise:" + what, { detail: { index: index } })); }

        function seconds(i) { return parseInt(phases[i].getAttribute("data-seconds"), 10) || 0; }
        function format(s) { var m = Math.floor(s / 60), r = s % 60; return (m > 0 ? m + " min " : "") + r + " s left"; }
        function show() {
            phases.forEach(function (p, i) { p.classList.toggle("phase-current", i === index); });
            name.textContent = phases[index].getAttribute("data-name");
            left.textContent = format(remaining);
            bar.style.width = (100 * (seconds(index) - remaining) / Math.max(1, seconds(index))) + "%";
        }
        function next() {
            index++;
            if (index >= phases.length) { stop(); name.textContent = "Done. Take a moment before you carry on."; left.textContent = ""; bar.style.width = "100%"; tell("done"); return; }
            remaining = seconds(index);
            show();
            phases[index].scrollIntoView({ block: "nearest" });
            tell("phase");
        }
        function run() {
            tick = window.setInterval(function () {
                remaining--;
                if (remaining <= 0) { tell("phase-end"); next(); } else show();
            }, 1000);
            pause.hidden = false; skip.hidden = false; start.hidden = true; pause.textContent = "Pause";
        }
        function stop() { window.clearInterval(tick); tick = null; pause.hidden = true; skip.hidden = true; start.hidden = false; start.textContent = "Start again"; index = 0; }

        start.addEventListener("click", function () { index = 0; remaining = seconds(0); show(); run(); tell("phase"); });
        pause.addEventListener("click", function () {
            if (tick) { window.clearInterval(tick); tick = null; pause.textContent = "Resume"; tell("pause"); }
            else { run(); tell("resume"); }
        });
        skip.addEventListener("click", function () { next(); });
    });
})();
