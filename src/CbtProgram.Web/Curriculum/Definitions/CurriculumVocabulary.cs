namespace CbtProgram.Web.Curriculum.Definitions;

public static class StepKinds
{
    public const string CheckIn = "check-in";
    public const string Reading = "reading";
    public const string Exercise = "exercise";
    public const string Worksheet = "worksheet";
    public const string Reflection = "reflection";
    public const string Quiz = "quiz";
    public const string Homework = "homework";

    public static readonly IReadOnlyList<string> All = [CheckIn, Reading, Exercise, Worksheet, Reflection, Quiz, Homework];

    /// <summary>Kinds whose step is a form of named fields.</summary>
    public static bool HasFields(string kind) => kind is Worksheet or Reflection or Homework;

    public static string Describe(string kind) => kind switch
    {
        CheckIn => "Weekly check-in",
        Reading => "Reading",
        Exercise => "Guided exercise",
        Worksheet => "Worksheet",
        Reflection => "Reflection",
        Quiz => "Quiz",
        Homework => "Homework plan",
        _ => kind,
    };
}

public static class FieldTypes
{
    public const string Text = "text";
    public const string LongText = "long-text";
    public const string Scale = "scale";
    public const string Number = "number";
    public const string Choice = "choice";

    public static readonly IReadOnlyList<string> All = [Text, LongText, Scale, Number, Choice];
}

/// <summary>The program components named by the trial registration (PROGRAM.md), plus goal setting.</summary>
public static class Components
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["education"] = "Education about headache and depression",
        ["goals"] = "Goal setting",
        ["relaxation"] = "Relaxation training",
        ["trigger-management"] = "Identifying and managing headache triggers",
        ["pleasant-activities"] = "Pleasant-activity scheduling",
        ["unhelpful-thoughts"] = "Challenging unhelpful thoughts",
        ["underlying-beliefs"] = "Underlying beliefs",
        ["social-skills"] = "Social skills training",
        ["problem-solving"] = "Problem-solving training",
        ["lifestyle"] = "Lifestyle management",
        ["pain-management"] = "Pain management techniques",
        ["relapse-prevention"] = "Relapse prevention",
    };

    /// <summary>Every component the whole program must cover somewhere (goal setting is optional).</summary>
    public static readonly IReadOnlyList<string> Required =
        All.Keys.Where(k => k != "goals").ToList();
}
