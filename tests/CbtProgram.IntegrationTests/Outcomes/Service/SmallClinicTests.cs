using System.IO.Compression;
using System.Net;
using CbtProgram.Web.Data;
using CbtProgram.Web.Domain.Enrolments;
using CbtProgram.Web.Domain.Invitations;
using CbtProgram.Web.Domain.Measures;
using CbtProgram.Web.Domain.Patients;
using CbtProgram.Web.Domain.Scheduling;
using CbtProgram.Web.Outcomes.Patients;
using CbtProgram.Web.Outcomes.Research;
using CbtProgram.Web.Outcomes.Service;
using CbtProgram.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Outcomes.Service;

/// <summary>
/// A small clinic with known answers (one therapist of its own): Ann finished with follow-up and said yes to research;
/// Ben finished unchanged, said yes then withdrew; Cal stopped after 5 modules (no post) and said yes; Dee finished and
/// was never asked (no answer = no); one invitation was never accepted. Ben and Dee tie at baseline (PHQ-9 12, GAD-7 9).
/// The service report's numbers and the research CSV are checked against values worked out by hand.
/// </summary>
public sealed class SmallClinicTests(CbtWebApplicationFactory site) : IClassFixture<CbtWebApplicationFactory>
{
    private static readonly DateOnly Week1 = new(2026, 3, 2);
    private static DateTimeOffset On(int daysFromWeek1) => new DateTimeOffset(Week1.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero).AddDays(daysFromWeek1);

    private sealed record Seeded(string TherapistId, Guid Ann, Guid Ben, Guid Cal, Guid Dee);

    /// <summary>Seeded once per site (xunit makes a new test object per test; the site is shared).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CbtWebApplicationFactory, Task<Seeded>> Clinics = [];

    private Task<Seeded> SeedAsync()
    {
        lock (Clinics)
            return Clinics.GetValue(site, _ => SeedClinicAsync());
    }

    private async Task<Seeded> SeedClinicAsync()
    {
        var therapist = await site.CreateUserAsync("tess.report@example.org", "Tess Report", Roles.Therapist);
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var modules = await db.ModuleVersions.Where(m => m.Status == CbtProgram.Web.Domain.Curriculum.ModuleVersionStatus.Published)
            .GroupBy(m => m.Week).Select(g => g.OrderByDescending(m => m.Number).First()).ToDictionaryAsync(m => m.Week, m => m.Id);
        async Task<Guid> PatientAsync(string name, int modulesDone, (int Phq, int Gad)? baseline, (int Phq, int Gad)? post, (int Phq, int Gad)? followUp)
        {
            var user = await site.CreateUserAsync($"{name.ToLowerInvariant()}.clinic@example.org", name, Roles.Patient);
            var patient = new Patient(user.Id, therapist.Id, On(-10));
            patient.AcceptConsent(2, On(-9));
            db.Patients.Add(patient);
            db.Enrolments.Add(new Enrolment(patient.Id, new SessionPreferences("Europe/London", DayOfWeek.Monday, new TimeOnly(18, 0), Week1), null, On(-8)));
            for (var week = 1; week <= Math.Max(modulesDone + 1, 1) && week <= 12; week++)
            {
                var module = new PatientModule(patient.Id, week, modules[week], On(7 * (week - 1)));
                if (week <= modulesDone)
                    module.Complete(On(7 * (week - 1) + 1));
                db.PatientModules.Add(module);
            }
            void Answer(string point, int week, (int Phq, int Gad)? scores, int day)
            {
                if (scores is not { } s)
                    return;
                db.MeasureResponses.Add(new MeasureResponse(patient.Id, "phq-9", point, week, new int[9], s.Phq, s.Phq >= 10 ? "Moderate" : "Mild", On(day)));
                db.MeasureResponses.Add(new MeasureResponse(patient.Id, "gad-7", point, week, new int[7], s.Gad, s.Gad >= 10 ? "Moderate" : "Mild", On(day)));
            }
            Answer(AssessmentPoints.Baseline, 0, baseline, -5);
            Answer(AssessmentPoints.Post, 12, post, 88);
            Answer(AssessmentPoints.FollowUp, 0, followUp, 212);
            await db.SaveChangesAsync();
            return patient.Id;
        }
        var ann = await PatientAsync("Ann", 12, (15, 12), (6, 5), (5, 4));
        var ben = await PatientAsync("Ben", 8, (12, 9), (12, 9), null);
        var cal = await PatientAsync("Cal", 5, (18, 10), null, null);
        var dee = await PatientAsync("Dee", 9, (12, 9), (4, 3), null);
        db.Invitations.Add(Invitation.Create("eve.invited@example.org", "Eve", therapist.Id, therapist.Id, On(-20)).Invitation);
        await db.SaveChangesAsync();

        var consents = scope.ServiceProvider.GetRequiredService<ResearchConsents>();
        Assert.Null(await consents.RecordAsync(ann, 1, true));
        Assert.Null(await consents.RecordAsync(ben, 1, true));
        Assert.Null(await consents.RecordAsync(ben, 1, false)); // withdrew
        Assert.Null(await consents.RecordAsync(cal, 1, true));
        await scope.ServiceProvider.GetRequiredService<PatientOutcomeStore>().RebuildAllAsync();
        return new Seeded(therapist.Id, ann, ben, cal, dee);
    }

    private async Task<ServiceReportResult> ReportAsync(string therapistId, bool completers, string? period = null)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var (filter, error) = ServiceReportFilter.Parse(therapistId, period, completers);
        Assert.Null(error);
        return await scope.ServiceProvider.GetRequiredService<ServiceReport>().ReadAsync(filter!);
    }

    [Fact]
    public async Task Flow_CountsEveryStep_WithTheInvitationNeverAccepted()
    {
        var clinic = await SeedAsync();
        var flow = (await ReportAsync(clinic.TherapistId, completers: false)).Flow;
        Assert.Equal(new PatientFlow(Invited: 5, InvitationsNotAccepted: 1, Consented: 4, BaselineDone: 4, Started: 4, CompletedEightModules: 3,
            PostDone: 3, FollowUpDone: 1, Completers: 3, Enrolled: 4, InvitationsCounted: true), flow);

        var march = (await ReportAsync(clinic.TherapistId, completers: false, "2026-Q1")).Flow;
        Assert.Equal(4, march.Invited); // with a start period only enrolled patients can be placed
        Assert.Equal(0, (await ReportAsync(clinic.TherapistId, completers: false, "2026-04")).Flow.Enrolled);
    }

    [Fact]
    public async Task Started_CountsWeek1Opened_EvenWhenNotYetCompleted()
    {
        // A caseload of its own: Gil has opened week 1 and not finished it; Hal is enrolled and has opened nothing.
        var therapist = await site.CreateUserAsync("flo.report@example.org", "Flo Report", Roles.Therapist);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var week1 = await db.ModuleVersions.Where(m => m.Week == 1 && m.Status == CbtProgram.Web.Domain.Curriculum.ModuleVersionStatus.Published)
                .OrderByDescending(m => m.Number).Select(m => m.Id).FirstAsync();
            foreach (var (name, opensWeek1) in new[] { ("Gil", true), ("Hal", false) })
            {
                var user = await site.CreateUserAsync($"{name.ToLowerInvariant()}.clinic@example.org", name, Roles.Patient);
                var patient = new Patient(user.Id, therapist.Id, On(-10));
                patient.AcceptConsent(2, On(-9));
                db.Patients.Add(patient);
                db.Enrolments.Add(new Enrolment(patient.Id, new SessionPreferences("Europe/London", DayOfWeek.Monday, new TimeOnly(18, 0), Week1), null, On(-8)));
                if (opensWeek1)
                    db.PatientModules.Add(new PatientModule(patient.Id, 1, week1, On(0)));
            }
            await db.SaveChangesAsync();
        }

        var flow = (await ReportAsync(therapist.Id, completers: false)).Flow;

        Assert.Equal((Enrolled: 2, Started: 1, CompletedEightModules: 0), (flow.Enrolled, flow.Started, flow.CompletedEightModules));
    }

    [Fact]
    public async Task Scores_EffectSizes_AndRates_MatchTheHandWorkedValues()
    {
        var clinic = await SeedAsync();
        var report = await ReportAsync(clinic.TherapistId, completers: false);
        var phq = report.Measures.Single(m => m.MeasureId == OutcomeMeasures.Phq9);
        // Baseline 15, 12, 18, 12: mean 14.25, SD sqrt(24.75 / 3). Post 6, 12, 4: mean 7.333, SD sqrt(34.667 / 2). Follow-up 5 alone.
        Assert.Equal(4, phq.Points["Baseline"].N);
        Assert.Equal(14.25, phq.Points["Baseline"].Mean!.Value, 6);
        Assert.Equal(Math.Sqrt(24.75 / 3), phq.Points["Baseline"].StandardDeviation!.Value, 6);
        Assert.Equal(3, phq.Points["Post"].N);
        Assert.Equal(22.0 / 3, phq.Points["Post"].Mean!.Value, 6);
        Assert.Equal(Math.Sqrt(104.0 / 3 / 2), phq.Points["Post"].StandardDeviation!.Value, 6);
        Assert.Equal(0, phq.Points["Mid"].N);
        Assert.Equal(1, phq.Points["FollowUp"].N);
        Assert.Null(phq.Points["FollowUp"].StandardDeviation);

        // Pairs to post: 15->6, 12->12, 12->4. Mean change -17/3; baseline SD of 15, 12, 12 = sqrt(3); r = -4 / sqrt(6 * 34.667).
        var effect = phq.Effects["Post"];
        var d = -17.0 / 3 / Math.Sqrt(3);
        var r = -4 / Math.Sqrt(6 * 104.0 / 3);
        var half = 1.959963984540054 * Math.Sqrt(2 * (1 - r) / 3 + d * d / 6);
        var j = 1 - 3.0 / 7;
        Assert.Equal(3, effect.N);
        Assert.Equal(-3.2717, effect.CohensD!.Value, 4);
        Assert.Equal(d, effect.CohensD!.Value, 9);
        Assert.Equal(d - half, effect.CohensDLow!.Value, 9);
        Assert.Equal(d + half, effect.CohensDHigh!.Value, 9);
        Assert.Equal(j * d, effect.HedgesG!.Value, 9);
        Assert.Equal(j * (d - half), effect.HedgesGLow!.Value, 9);
        Assert.Equal(1, phq.Effects["FollowUp"].N);
        Assert.Null(phq.Effects["FollowUp"].CohensD); // one pair: no SD

        // NHS Talking Therapies at post: Ann and Dee recover reliably, Ben is unchanged, Cal has no post (left out).
        var tt = report.Measures.Single(m => m.MeasureId == OutcomeMeasures.TalkingTherapies);
        Assert.Equal((2, 3), (tt.Rates["ReliableImprovementPost"].Count, tt.Rates["ReliableImprovementPost"].Denominator));
        Assert.Equal((2, 3), (tt.Rates["RecoveryPost"].Count, tt.Rates["RecoveryPost"].Denominator));
        Assert.Equal((2, 3), (tt.Rates["ReliableRecoveryPost"].Count, tt.Rates["ReliableRecoveryPost"].Denominator));
        Assert.Equal((0, 3), (tt.Rates["ReliableDeteriorationPost"].Count, tt.Rates["ReliableDeteriorationPost"].Denominator));
        Assert.Equal((1, 1), (tt.Rates["RecoveryFollowUp"].Count, tt.Rates["RecoveryFollowUp"].Denominator));
        // Wilson's interval for 2 of 3: centre (2/3 + z^2/6) / (1 + z^2/3).
        var z2 = 1.959963984540054 * 1.959963984540054;
        var wilsonHalf = 1.959963984540054 * Math.Sqrt(2.0 / 9 / 3 + z2 / 36) / (1 + z2 / 3);
        Assert.Equal((2.0 / 3 + z2 / 6) / (1 + z2 / 3) - wilsonHalf, tt.Rates["RecoveryPost"].Low!.Value, 9);
        // No diary: nobody's headache response can be judged.
        Assert.Equal(0, report.Measures.Single(m => m.MeasureId == OutcomeMeasures.HeadacheDays).Rates["ResponderPost"].Denominator);

        // Completers (8+ modules and post): Ann, Ben, Dee. Baseline 15, 12, 12 (the tie): mean 13, SD sqrt(3).
        var completers = (await ReportAsync(clinic.TherapistId, completers: true)).Measures.Single(m => m.MeasureId == OutcomeMeasures.Phq9);
        Assert.Equal(3, completers.Points["Baseline"].N);
        Assert.Equal(13, completers.Points["Baseline"].Mean!.Value, 9);
        Assert.Equal(Math.Sqrt(3), completers.Points["Baseline"].StandardDeviation!.Value, 9);
    }

    [Fact]
    public async Task ResearchCsv_HoldsOnlyTheAgreeingPatients_RowByRow_AndTheDownloadIsAudited()
    {
        var clinic = await SeedAsync();
        var admin = await site.SignedInAsAsync("admin@example.org", "CbtDemo#2026");
        var response = await admin.GetAsync("/admin/outcomes/research-export/download");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Equal([ResearchExport.CsvName, ResearchExport.DictionaryName], zip.Entries.Select(e => e.FullName).ToArray());
        string[] lines;
        using (var reader = new StreamReader(zip.GetEntry(ResearchExport.CsvName)!.Open()))
            lines = (await reader.ReadToEndAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        using (var reader = new StreamReader(zip.GetEntry(ResearchExport.DictionaryName)!.Open()))
        {
            var dictionary = await reader.ReadToEndAsync();
            Assert.All(ResearchExport.Columns, column => Assert.Contains($"| {column} |", dictionary, StringComparison.Ordinal));
        }

        string ann, cal;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var key = await scope.ServiceProvider.GetRequiredService<Pseudonyms>().DefaultKeyAsync();
            (ann, cal) = (key.For(clinic.Ann), key.For(clinic.Cal));
        }
        Assert.Equal("pseudonym,kind,point,week,measure,score,band,days_from_week1,diary_days_recorded,completed_modules,export_key", lines[0]);
        // The demo patient never answered the research question, so only this clinic's Ann and Cal are in it (in id order).
        var expected = new[]
        {
            (clinic.Ann, $"{ann},questionnaire,baseline,,gad-7,12,Moderate,-5,,12,default"),
            (clinic.Ann, $"{ann},questionnaire,baseline,,phq-9,15,Moderate,-5,,12,default"),
            (clinic.Ann, $"{ann},questionnaire,post,,gad-7,5,Mild,88,,12,default"),
            (clinic.Ann, $"{ann},questionnaire,post,,phq-9,6,Mild,88,,12,default"),
            (clinic.Ann, $"{ann},questionnaire,follow-up,,gad-7,4,Mild,212,,12,default"),
            (clinic.Ann, $"{ann},questionnaire,follow-up,,phq-9,5,Mild,212,,12,default"),
            (clinic.Cal, $"{cal},questionnaire,baseline,,gad-7,10,Moderate,-5,,5,default"),
            (clinic.Cal, $"{cal},questionnaire,baseline,,phq-9,18,Moderate,-5,,5,default"),
        };
        var byPatient = expected.GroupBy(e => e.Item1).OrderBy(g => g.Key.ToString()).SelectMany(g => g.Select(e => e.Item2));
        Assert.Equal(byPatient, lines.Skip(1));
        Assert.DoesNotContain(lines, line => line.Contains(clinic.Ann.ToString(), StringComparison.OrdinalIgnoreCase) || line.Contains('@', StringComparison.Ordinal));

        await using var check = site.Services.CreateAsyncScope();
        var entry = await check.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == CbtProgram.Web.Areas.Admin.Controllers.ResearchExportController.Exported).OrderByDescending(e => e.At).FirstAsync();
        Assert.Equal("key default; 8 rows; 2 patients", entry.Detail);
        Assert.Null(entry.PatientId);
    }

    [Fact]
    public async Task ReportPage_ShowsTheFlowForLeads_AndTheExportIsForAdminsOnly()
    {
        var clinic = await SeedAsync();
        var lead = await site.SignedInAsAsync("lead@example.org", "CbtDemo#2026");
        var page = WebUtility.HtmlDecode(await lead.GetStringAsync($"/admin/outcomes?therapist={clinic.TherapistId}"));
        Assert.Contains("<th scope=\"row\">Completed 8 or more modules</th><td class=\"text-end\">3</td>", page, StringComparison.Ordinal);
        Assert.Contains("2 of 3 (66.7%", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.GetAsync("/admin/outcomes/research-export/download")).StatusCode);
        var bad = WebUtility.HtmlDecode(await lead.GetStringAsync("/admin/outcomes?period=March"));
        Assert.Contains("\"March\" is not a start period", bad, StringComparison.Ordinal);
        var patient = await site.SignedInAsAsync("patient@example.org", "CbtDemo#2026");
        Assert.NotEqual(HttpStatusCode.OK, (await patient.GetAsync("/admin/outcomes")).StatusCode);
    }

    /// <summary>
    /// The whole clinic's report (no filter: every patient's modules aggregated) and a period's across therapists read
    /// other statements than one therapist's (only their patients' modules): the whole must be the sum of its parts,
    /// every count and every mean, for everyone enrolled and for the completers.
    /// </summary>
    [Fact]
    public async Task WholeClinic_IsTheSumOfEachTherapistsReport_ForEveryoneAndCompleters()
    {
        await SeedAsync();
        List<string> therapists;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.False(await db.Patients.AnyAsync(p => p.AssignedTherapistId == null));
            therapists = await db.Patients.Select(p => p.AssignedTherapistId!).Union(db.Invitations.Select(i => i.TherapistId)).Distinct().ToListAsync();
        }
        Assert.True(therapists.Count >= 2);
        foreach (var completers in new[] { false, true })
            foreach (var period in new[] { "", "2026-Q1" })
            {
                var whole = await ReportAsync("", completers, period);
                var parts = new List<ServiceReportResult>();
                foreach (var therapist in therapists)
                    parts.Add(await ReportAsync(therapist, completers, period));
                int Sum(Func<PatientFlow, int> count) => parts.Sum(p => count(p.Flow));
                Assert.Equal(whole.Flow, whole.Flow with
                {
                    Invited = Sum(f => f.Invited), InvitationsNotAccepted = Sum(f => f.InvitationsNotAccepted), Consented = Sum(f => f.Consented),
                    BaselineDone = Sum(f => f.BaselineDone), Started = Sum(f => f.Started), CompletedEightModules = Sum(f => f.CompletedEightModules),
                    PostDone = Sum(f => f.PostDone), FollowUpDone = Sum(f => f.FollowUpDone), Completers = Sum(f => f.Completers), Enrolled = Sum(f => f.Enrolled),
                });
                Assert.True(whole.Flow.Completers >= 3, "the small clinic's completers are in the whole clinic");
                Assert.NotEmpty(whole.Measures);
                foreach (var measure in whole.Measures)
                {
                    var inParts = parts.SelectMany(p => p.Measures).Where(m => m.MeasureId == measure.MeasureId).ToList();
                    foreach (var (point, summary) in measure.Points)
                    {
                        Assert.Equal(summary.N, inParts.Sum(m => m.Points[point].N));
                        if (summary.Mean is { } mean)
                            Assert.Equal(mean, inParts.Sum(m => m.Points[point].N * (m.Points[point].Mean ?? 0)) / summary.N, 9);
                    }
                    foreach (var (rate, value) in measure.Rates)
                        Assert.Equal((value.Count, value.Denominator), (inParts.Sum(m => m.Rates[rate].Count), inParts.Sum(m => m.Rates[rate].Denominator)));
                }
            }
    }
}
