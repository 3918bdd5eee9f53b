namespace CbtProgram.Web.Domain.Measures;

/// <summary>The assessment points of PROGRAM.md at which questionnaires are answered.</summary>
public static class AssessmentPoints
{
    public const string Baseline = "baseline";
    public const string Weekly = "weekly";
    public const string Mid = "mid";
    public const string Post = "post";
    public const string FollowUp = "follow-up";
}

/// <summary>One completed questionnaire, with its score and band as they were scored then.</summary>
public sealed class MeasureResponse
{
    private MeasureResponse() { }

    public MeasureResponse(Guid patientId, string measureId, string point, int week, int[] answers, int score, string? band, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        PatientId = patientId;
        MeasureId = measureId;
        Point = point;
        Week = week;
        Answers = answers;
        Score = score;
        Band = band;
        SubmittedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid PatientId { get; private set; }
    public string MeasureId { get; private set; } = "";
    public string Point { get; private set; } = "";
    /// <summary>The program week it belongs to (0 for baseline and follow-up).</summary>
    public int Week { get; private set; }
    public int[] Answers { get; private set; } = [];
    public int Score { get; private set; }
    public string? Band { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
}
