using CbtProgram.Web.Curriculum.Definitions;

namespace CbtProgram.Web.Curriculum.Rendering;

/// <summary>How long a module is to read: the words a patient sees.</summary>
public static class ModuleStats
{
    public static int PatientWords(ModuleDefinition module) =>
        MarkdownRenderer.WordCount(module.Summary) + module.Steps.Sum(s =>
            MarkdownRenderer.WordCount(s.Title) + MarkdownRenderer.WordCount(s.Body)
            + s.Phases.Sum(p => MarkdownRenderer.WordCount(p.Name) + MarkdownRenderer.WordCount(p.Script))
            + s.Fields.Sum(f => MarkdownRenderer.WordCount(f.Label) + MarkdownRenderer.WordCount(f.Help ?? ""))
            + s.Questions.Sum(q => MarkdownRenderer.WordCount(q.Text) + q.Options.Sum(MarkdownRenderer.WordCount) + MarkdownRenderer.WordCount(q.Explain)));
}
