namespace CbtProgram.Web.Curriculum.Definitions;

/// <summary>A questionnaire as data (measures/*.yaml): items, answer options, scoring, bands and risk rules.</summary>
public sealed class MeasureDefinition
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Title { get; set; } = "";
    public string What { get; set; } = "";
    public string Licence { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public LoincCodes? Loinc { get; set; }
    public string Period { get; set; } = "";
    public string Instructions { get; set; } = "";
    public AnswerFormat Answer { get; set; } = new();
    public List<MeasureItem> Items { get; set; } = [];
    public MeasureScoring Scoring { get; set; } = new();
    public List<ScoreBand> Bands { get; set; } = [];
    public List<RiskRule> RiskRules { get; set; } = [];
    public string Notes { get; set; } = "";
    /// <summary>Reliability, reference SD, caseness and reliable-change threshold for outcome reports (null: not reported).</summary>
    public MeasureOutcomeSettings? Outcomes { get; set; }

    public AnswerFormat AnswerFor(MeasureItem item) => item.Answer ?? Answer;

    public string? BandFor(int score) => Bands.FirstOrDefault(b => score >= b.Min && score <= b.Max)?.Label;
}

public sealed class LoincCodes
{
    public string Panel { get; set; } = "";
    public string Total { get; set; } = "";
}

public sealed class AnswerFormat
{
    public const string ChoiceType = "choice";
    public const string DaysType = "days";

    public string Type { get; set; } = ChoiceType;
    public List<AnswerOption> Options { get; set; } = [];
    public int? Min { get; set; }
    public int? Max { get; set; }

    public int Lowest => Type == ChoiceType ? Options.Min(o => o.Value) : Min ?? 0;
    public int Highest => Type == ChoiceType ? Options.Max(o => o.Value) : Max ?? 0;
}

public sealed class AnswerOption
{
    public int Value { get; set; }
    public string Label { get; set; } = "";
}

public sealed class MeasureItem
{
    public int Id { get; set; }
    public string Text { get; set; } = "";
    public AnswerFormat? Answer { get; set; }
}

public sealed class MeasureScoring
{
    public string Method { get; set; } = "sum";
    public int Multiplier { get; set; } = 1;
    public int Min { get; set; }
    public int Max { get; set; }
}

public sealed class ScoreBand
{
    public int Min { get; set; }
    public int Max { get; set; }
    public string Label { get; set; } = "";
}

/// <summary>An answer pattern that raises a risk alert: an item above a value, or a total at or above a value.</summary>
public sealed class RiskRule
{
    public int? Item { get; set; }
    public int? Above { get; set; }
    public int? TotalAtLeast { get; set; }
    public string Reason { get; set; } = "";
}
