// Draws the progress charts from data attributes (no inline script under our CSP). Each chart has a table alternative.
// Colours come from CSS custom properties (site.css, low-stimulus.css), so each theme gets colours that suit it.
// Charts appear at once, without animation: calm for everyone, and nothing moves in low-stimulus mode.
(function () {
    if (!window.Chart) return;
    var css = getComputedStyle(document.documentElement);
    function colour(name, fallback) { return css.getPropertyValue(name).trim() || fallback; }
    var line = colour("--cbt-chart-line", "#2f5d62");
    var headache = colour("--cbt-chart-headache", "#8a5a9e");
    var medicine = colour("--cbt-chart-medicine", "#c9a227");
    Chart.defaults.color = colour("--cbt-chart-text", getComputedStyle(document.body).color);
    Chart.defaults.borderColor = colour("--cbt-chart-grid", "rgba(0, 0, 0, 0.1)");
    Chart.defaults.font.size = 14;
    Chart.defaults.animation = false;

    document.querySelectorAll("canvas[data-line-chart]").forEach(function (canvas) {
        new Chart(canvas, {
            type: "line",
            data: {
                labels: canvas.dataset.labels.split("|"),
                datasets: [{ label: canvas.dataset.label, data: canvas.dataset.values.split(",").map(Number), borderColor: line, backgroundColor: line, tension: 0.2 }]
            },
            options: { responsive: true, maintainAspectRatio: false, scales: { y: { min: 0, max: Number(canvas.dataset.max) } }, plugins: { legend: { display: false } } }
        });
    });

    document.querySelectorAll("canvas[data-bar-chart]").forEach(function (canvas) {
        new Chart(canvas, {
            type: "bar",
            data: {
                labels: canvas.dataset.labels.split("|"),
                datasets: [
                    { label: "Headache days", data: canvas.dataset.headache.split(",").map(Number), backgroundColor: headache, yAxisID: "y" },
                    { label: "Medicine days", data: canvas.dataset.medication.split(",").map(Number), backgroundColor: medicine, yAxisID: "y" },
                    {
                        type: "line", label: "Average peak pain (0-10)", yAxisID: "pain", borderColor: line, backgroundColor: line, tension: 0.2,
                        data: (canvas.dataset.intensity || "").split(",").map(function (v) { return v === "" ? null : Number(v); })
                    }
                ]
            },
            options: {
                responsive: true, maintainAspectRatio: false,
                scales: {
                    y: { min: 0, max: 28, ticks: { stepSize: 7 }, title: { display: true, text: "Days" } },
                    pain: { position: "right", min: 0, max: 10, grid: { drawOnChartArea: false }, title: { display: true, text: "Pain 0-10" } }
                }
            }
        });
    });
})();
