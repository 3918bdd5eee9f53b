// Draws the progress charts from data attributes (no inline script under our CSP). Each chart has a table alternative.
(function () {
    if (!window.Chart) return;
    var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var ink = getComputedStyle(document.body).color;
    Chart.defaults.color = ink;
    Chart.defaults.animation = reduce ? false : Chart.defaults.animation;

    document.querySelectorAll("canvas[data-line-chart]").forEach(function (canvas) {
        new Chart(canvas, {
            type: "line",
            data: {
                labels: canvas.dataset.labels.split("|"),
                datasets: [{ label: canvas.dataset.label, data: canvas.dataset.values.split(",").map(Number), borderColor: "#2f5d62", backgroundColor: "#2f5d62", tension: 0.2 }]
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
                    { label: "Headache days", data: canvas.dataset.headache.split(",").map(Number), backgroundColor: "#8a5a9e" },
                    { label: "Medicine days", data: canvas.dataset.medication.split(",").map(Number), backgroundColor: "#c9a227" }
                ]
            },
            options: { responsive: true, maintainAspectRatio: false, scales: { y: { min: 0, max: 28 } } }
        });
    });
})();
