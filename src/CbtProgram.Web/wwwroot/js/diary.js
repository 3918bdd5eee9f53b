// Shows the headache and medicine questions only when they apply, so a headache-free day takes seconds.
(function () {
    document.querySelectorAll("[data-show-when]").forEach(function (section) {
        var control = document.getElementById(section.getAttribute("data-show-when"));
        if (!control) return;
        var group = control.type === "radio" ? document.querySelectorAll("input[name='" + control.name + "']") : [control];
        function update() { section.hidden = !control.checked; }
        group.forEach(function (input) { input.addEventListener("change", update); });
        update();
    });
})();
