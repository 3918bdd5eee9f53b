using System.Text.Json;
using Microsoft.Playwright;

namespace CbtProgram.EndToEndTests.Audio;

/// <summary>One call the page made to <c>speechSynthesis</c>, as the spy recorded it.</summary>
public sealed record SpeechCall(string Kind, string? Text, string? Voice, double Rate, double Volume);

/// <summary>
/// Listens to a page's speech: an init script that wraps <c>speechSynthesis.speak</c>, <c>pause</c>, <c>resume</c>,
/// <c>cancel</c> and <c>getVoices</c> and records every call. Headless Chromium may have no voices, so the spy supplies
/// the list (or an empty one, to see what a browser without voices shows). Nothing is really spoken.
/// </summary>
public static class SpeechSpy
{
    public const string DeviceVoice = "Calm Voice";
    public const string OtherVoice = "Other Voice";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task InstallAsync(IPage page, bool withVoices = true) => page.AddInitScriptAsync(Script(withVoices));

    public static async Task<IReadOnlyList<SpeechCall>> CallsAsync(IPage page) =>
        JsonSerializer.Deserialize<List<SpeechCall>>(await page.EvaluateAsync<string>("() => JSON.stringify(window.__speech)"), Json)!;

    public static async Task<IReadOnlyList<string>> SpokenAsync(IPage page) =>
        (await CallsAsync(page)).Where(c => c.Kind == "speak").Select(c => c.Text!).ToList();

    private static string Script(bool withVoices) =>
        $$"""
        (() => {
          const calls = window.__speech = [];
          const voices = {{(withVoices ? "true" : "false")}} ? [
            { name: "{{DeviceVoice}}", lang: "en-GB", default: true, localService: true, voiceURI: "{{DeviceVoice}}" },
            { name: "{{OtherVoice}}", lang: "en-US", default: false, localService: true, voiceURI: "{{OtherVoice}}" },
          ] : [];
          window.SpeechSynthesisUtterance = class {
            constructor(text) { this.text = text; this.voice = null; this.lang = ""; this.rate = 1; this.volume = 1; this.pitch = 1; }
            addEventListener() {}
          };
          const synth = window.speechSynthesis;
          let speaking = false, paused = false;
          const record = (kind, u) => calls.push({ kind, text: u ? u.text : null, voice: u && u.voice ? u.voice.name : null, rate: u ? u.rate : 0, volume: u ? u.volume : 0 });
          Object.defineProperty(synth, "speaking", { get: () => speaking });
          Object.defineProperty(synth, "paused", { get: () => paused });
          Object.defineProperty(synth, "pending", { get: () => false });
          synth.getVoices = () => voices.slice();
          synth.speak = u => { speaking = true; paused = false; record("speak", u); };
          synth.pause = () => { paused = true; record("pause"); };
          synth.resume = () => { paused = false; record("resume"); };
          synth.cancel = () => { speaking = false; paused = false; record("cancel"); };
        })();
        """;
}
