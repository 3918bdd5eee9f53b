using System.Net;
using System.Text;
using CbtProgram.Benchmarks.Running;

namespace CbtProgram.Benchmarks.Load;

/// <summary>
/// One page under load: the requests sent round-robin (each a signed-in person), what a correct answer looks like,
/// and the throughput issue 18 asks of it on a 2-core machine (requests a second at the most connections).
/// </summary>
public sealed record LoadTarget(string Name, IReadOnlyList<LoadRequest> Requests, HttpStatusCode Status, string Expect, int? RequestsPerSecondTarget)
{
    /// <summary>A problem with the answer, or null when it is the page it should be.</summary>
    public string? Check(HttpResponseMessage response, string body)
    {
        if (response.StatusCode != Status)
            return $"answered {(int)response.StatusCode} where {(int)Status} was expected";
        var where = Status == HttpStatusCode.Redirect ? response.Headers.Location?.ToString() ?? "" : body;
        return where.Contains(Expect, StringComparison.Ordinal) ? null : $"did not show \"{Expect}\"";
    }
}

/// <summary>The pages the load benchmark drives, built from the seeded clinic and the people signed in to it.</summary>
public static class LoadTargets
{
    public const string Trivial = "trivial endpoint (/healthz/live)";

    /// <summary>The trivial endpoint and the pages whose names contain one of the comma-separated <paramref name="words"/> (all when none).</summary>
    public static IReadOnlyList<LoadTarget> Only(IReadOnlyList<LoadTarget> targets, string words)
    {
        var wanted = words.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return wanted.Length == 0 ? targets
            : targets.Where(t => t.Name == Trivial || wanted.Any(w => t.Name.Contains(w, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    public static async Task<IReadOnlyList<LoadTarget>> BuildAsync(Clinic clinic, IReadOnlyList<(ClinicPatient Patient, SignedInSession Session)> patients,
        IReadOnlyList<(ClinicTherapist Therapist, SignedInSession Session)> therapists, CancellationToken cancellationToken)
    {
        var diary = new List<LoadRequest>();
        foreach (var (_, session) in patients)
        {
            using var today = await session.Client.GetAsync("/patient/diary", cancellationToken);
            var path = today.Headers.Location?.ToString() ?? throw new InvalidOperationException("/patient/diary did not lead to today's page.");
            var token = await session.FormTokenAsync(path, cancellationToken);
            diary.Add(new LoadRequest("POST", path, session.CookieHeader,
                "HadHeadache=true&PeakIntensity=4&HeadacheHours=2.5&TookAcuteMedication=false&Medication=&Triggers=Short+night&Mood=6&SleepHours=7.5"
                + $"&__RequestVerificationToken={WebUtility.UrlEncode(token)}"));
        }
        // Each therapist opens the records of patients at every stage of their caseload, small and large.
        var records = therapists.SelectMany(t => t.Therapist.PatientIds.Where((_, i) => i % 10 == 0)
            .Select(id => new LoadRequest("GET", $"/therapist/patients/{id}", t.Session.CookieHeader))).ToList();
        return
        [
            new(Trivial, [new LoadRequest("GET", "/healthz/live", "")], HttpStatusCode.OK, "Healthy", null),
            new("patient home", patients.Select(p => new LoadRequest("GET", "/patient", p.Session.CookieHeader)).ToList(),
                HttpStatusCode.OK, "id=\"twelve-weeks\"", 1500),
            new("module step", patients.Select(p => new LoadRequest("GET", $"/patient/modules/{p.Patient.Week}/steps/{p.Patient.StepId}", p.Session.CookieHeader)).ToList(),
                HttpStatusCode.OK, "your place is saved", 1500),
            new("diary save (POST)", diary, HttpStatusCode.Redirect, "/patient/diary/", 1500),
            new($"caseload ({clinic.Therapists[0].PatientIds.Count} patients)", therapists.Select(t => new LoadRequest("GET", "/therapist", t.Session.CookieHeader)).ToList(),
                HttpStatusCode.OK, "Showing", 1000),
            new("patient record", records, HttpStatusCode.OK, "id=\"timeline-title\"", 800),
        ];
    }

    /// <summary>Sends each of up to <paramref name="samples"/> of the target's requests once, checks the answer and reads the SQL commands it ran.</summary>
    public static async Task<(IReadOnlyList<int> SqlCommands, IReadOnlyList<string> Problems)> ProbeAsync(string url, LoadTarget target, int samples,
        CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(url) };
        var step = Math.Max(1, target.Requests.Count / samples);
        var sql = new List<int>();
        var problems = new List<string>();
        for (var i = 0; i < target.Requests.Count; i += step)
        {
            var request = target.Requests[i];
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
            if (request.Cookie.Length > 0)
                message.Headers.Add("Cookie", request.Cookie);
            if (request.Method == "POST")
                message.Content = new StringContent(request.Body, Encoding.UTF8, "application/x-www-form-urlencoded");
            using var response = await http.SendAsync(message, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (target.Check(response, body) is { } problem)
                problems.Add($"{request.Method} {request.Path} {problem}");
            if (response.Headers.TryGetValues("X-Sql-Commands", out var values))
                sql.Add(int.Parse(values.First(), System.Globalization.CultureInfo.InvariantCulture));
        }
        return (sql, problems);
    }
}
