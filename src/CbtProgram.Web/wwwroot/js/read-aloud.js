// "Read aloud" for guided exercises: each phase's script is spoken by the browser's own speech synthesis (nothing
// leaves the device) as the timer reaches it, or the clinic's recording plays instead when the phase has one. It follows
// the timer's events from module-player.js: pausing the timer pauses the voice, resuming carries on. The choices are
// kept for the account (POST /patient/read-aloud). Low-stimulus mode keeps the voice and sounds quieter and slower.
(function () {
    var synth = window.speechSynthesis;
    var SOUND_GAP = 700; // ms between a soft sound and the voice, so they never overlap

    document.querySelectorAll("[data-exercise]").forEach(function (exercise) {
        var box = exercise.querySelector("[data-read-aloud]");
        if (!box) return;
        box.hidden = false;
        var toggle = box.querySelector("[data-read-aloud-switch]");
        var note = box.querySelector("[data-read-aloud-note]");
        var options = box.querySelector("[data-read-aloud-options]");
        var voiceChoice = box.querySelector("[data-read-aloud-voice-choice]");
        var voiceSelect = box.querySelector("[data-read-aloud-voice]");
        var speedSelect = box.querySelector("[data-read-aloud-speed]");
        var sounds = box.querySelector("[data-read-aloud-sounds]");
        var status = box.querySelector("[data-read-aloud-status]");
        var player = box.querySelector("[data-clinic-audio]");
        var phases = Array.prototype.slice.call(exercise.querySelectorAll("[data-phase]"));
        var wholeRecording = exercise.getAttribute("data-audio");
        // Razor writes an empty data-audio when there is no recording.
        var hasRecordings = !!wholeRecording || phases.some(function (p) { return !!p.getAttribute("data-audio"); });
        var savedVoice = box.getAttribute("data-voice") || "";
        var voices = [];
        var state = { running: false, paused: false, index: -1, pending: null, playerWasPlaying: false };
        var audio = null;

        function lowStimulus() {
            var theme = document.documentElement.getAttribute("data-theme");
            return theme === "low-stimulus" || (theme === "device" && window.matchMedia("(prefers-color-scheme: dark)").matches);
        }

        // Voices: some browsers list them only after "voiceschanged", some never fire it; wait a little, then say so.
        function englishFirst(a, b) { return (b.lang.indexOf("en") === 0) - (a.lang.indexOf("en") === 0) || a.name.localeCompare(b.name); }
        function loadVoices() {
            voices = synth && synth.getVoices ? Array.prototype.slice.call(synth.getVoices() || []) : [];
            while (voiceSelect.options.length > 1) voiceSelect.remove(1);
            voices.slice().sort(englishFirst).forEach(function (v) {
                var option = new Option(v.name + (v.lang ? " (" + v.lang + ")" : ""), v.name);
                option.selected = v.name === savedVoice;
                voiceSelect.add(option);
            });
            describe();
        }
        var waited = false;
        function describe() {
            var speaking = voices.length > 0;
            voiceChoice.hidden = !speaking;
            if (speaking || !waited) {
                toggle.disabled = false;
                note.textContent = "Your device reads each part out as the timer reaches it, so you can follow with your eyes closed. Pause stops the voice too. Nothing you hear is sent anywhere.";
            } else if (hasRecordings) {
                toggle.disabled = false;
                note.textContent = "This browser has no voice to read with. The parts your clinic has recorded will play; the others stay as words on the screen.";
            } else {
                toggle.disabled = true;
                note.textContent = "This browser has no voice to read with, so Read aloud cannot be used here. The words stay on the screen, and the timer works as usual.";
            }
            options.hidden = toggle.disabled;
        }
        if (synth) {
            loadVoices();
            if (synth.addEventListener) synth.addEventListener("voiceschanged", loadVoices);
        }
        window.setTimeout(function () { waited = true; describe(); }, synth ? 1500 : 0);

        function chosenVoice() {
            return voices.filter(function (v) { return v.name === voiceSelect.value; })[0]
                || voices.filter(function (v) { return v.default; })[0] || null;
        }

        // A soft sine tone or two, made on the device with Web Audio: nothing to download, nothing sharp.
        function tone(frequencies) {
            if (!toggle.checked || !sounds.checked) return false;
            var Context = window.AudioContext || window.webkitAudioContext;
            if (!Context) return false;
            try {
                audio = audio || new Context();
                if (audio.state === "suspended") audio.resume();
                var peak = lowStimulus() ? 0.03 : 0.06;
                frequencies.forEach(function (frequency, k) {
                    var at = audio.currentTime + k * 0.35, osc = audio.createOscillator(), gain = audio.createGain();
                    osc.type = "sine";
                    osc.frequency.value = frequency;
                    gain.gain.setValueAtTime(0.0001, at);
                    gain.gain.exponentialRampToValueAtTime(peak, at + 0.08);
                    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.9);
                    osc.connect(gain);
                    gain.connect(audio.destination);
                    osc.start(at);
                    osc.stop(at + 1);
                });
                return true;
            } catch (e) {
                return false;
            }
        }

        function recordingFor(i) { return phases[i] ? phases[i].getAttribute("data-audio") : null; }
        function offsetOf(i) {
            var total = 0;
            for (var k = 0; k < i; k++) total += parseInt(phases[k].getAttribute("data-seconds"), 10) || 0;
            return total;
        }

        function hush() {
            window.clearTimeout(state.pending);
            state.pending = null;
            if (synth && (synth.speaking || synth.pending || synth.paused)) synth.cancel();
            if (!player.paused) player.pause();
        }

        function play(src, at) {
            if (player.getAttribute("src") !== src) player.setAttribute("src", src);
            player.volume = lowStimulus() ? 0.6 : 1;
            var seek = function () { try { player.currentTime = at; } catch (e) { /* not seekable yet */ } };
            if (player.readyState >= 1) seek(); else player.addEventListener("loadedmetadata", seek, { once: true });
            var started = player.play();
            if (started && started.catch) started.catch(function () { /* blocked or stopped: the words stay on screen */ });
        }

        function speak(i) {
            if (!toggle.checked || !phases[i]) return;
            if (wholeRecording) {
                var at = offsetOf(i);
                if (i === 0 || player.paused || Math.abs(player.currentTime - at) > 2) play(wholeRecording, at);
                return;
            }
            if (recordingFor(i)) { play(recordingFor(i), 0); return; }
            if (!synth || voices.length === 0) return;
            var script = phases[i].querySelector("[data-phase-script]");
            var words = new SpeechSynthesisUtterance(script ? script.textContent.trim() : phases[i].getAttribute("data-name"));
            var voice = chosenVoice();
            if (voice) {
                try { words.voice = voice; } catch (e) { /* a voice the browser no longer has */ }
                words.lang = voice.lang;
            }
            var rate = (parseInt(speedSelect.value, 10) || 90) / 100;
            words.rate = lowStimulus() ? Math.min(rate, 0.85) : rate;
            words.volume = lowStimulus() ? 0.6 : 1;
            synth.speak(words);
        }

        function startPhase(i, afterEnd) {
            hush();
            state.index = i;
            if (!toggle.checked) return;
            var gap = 0;
            if (tone([440, 554.37])) gap = SOUND_GAP;
            if (afterEnd) gap += SOUND_GAP;
            if (gap === 0 || wholeRecording) { speak(i); return; }
            state.pending = window.setTimeout(function () { state.pending = null; speak(i); }, gap);
        }

        var endedJustNow = false;
        exercise.addEventListener("exercise:phase", function (e) {
            state.running = true;
            state.paused = false;
            startPhase(e.detail.index, endedJustNow);
            endedJustNow = false;
        });
        exercise.addEventListener("exercise:phase-end", function () {
            endedJustNow = tone([554.37, 440]);
        });
        exercise.addEventListener("exercise:pause", function () {
            state.paused = true;
            if (state.pending) { window.clearTimeout(state.pending); state.pending = "resume-speaks"; }
            if (synth && (synth.speaking || synth.pending)) synth.pause();
            state.playerWasPlaying = !player.paused;
            if (!player.paused) player.pause();
        });
        exercise.addEventListener("exercise:resume", function () {
            state.paused = false;
            if (state.pending === "resume-speaks") { state.pending = null; speak(state.index); return; }
            if (synth && synth.paused) synth.resume();
            if (state.playerWasPlaying) player.play();
        });
        exercise.addEventListener("exercise:done", function () {
            hush();
            state.running = false;
            state.index = -1;
        });
        window.addEventListener("pagehide", hush);

        function announce(text) { status.textContent = ""; window.setTimeout(function () { status.textContent = text; }, 50); }
        function save() {
            var token = document.querySelector("input[name='__RequestVerificationToken']");
            var body = new FormData();
            body.append("on", toggle.checked ? "true" : "false");
            body.append("voice", voiceSelect.value);
            body.append("speed", speedSelect.value);
            body.append("sounds", sounds.checked ? "true" : "false");
            if (token) body.append("__RequestVerificationToken", token.value);
            fetch(box.getAttribute("data-save-url"), { method: "POST", body: body, credentials: "same-origin" })
                .then(function (r) { if (!r.ok) throw new Error(); })
                .catch(function () { announce("Your choice could not be saved just now. It still works on this page."); });
        }

        toggle.addEventListener("change", function () {
            save();
            if (!toggle.checked) { hush(); announce("Read aloud is off."); return; }
            announce(state.running ? "Read aloud is on." : "Read aloud is on. Press Start when you are ready.");
            if (state.running && !state.paused) speak(state.index);
            else if (state.running) state.pending = "resume-speaks";
        });
        voiceSelect.addEventListener("change", function () { savedVoice = voiceSelect.value; save(); });
        speedSelect.addEventListener("change", save);
        sounds.addEventListener("change", save);
    });
})();
