using Markdig;
using Microsoft.AspNetCore.Html;

namespace CbtProgram.Web.Curriculum.Rendering;

/// <summary>Module text to HTML. Raw HTML in the Markdown is not passed through, so authored text cannot inject script.</summary>
public static class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .Build();

    public static IHtmlContent ToHtml(string markdown) => new HtmlString(Markdown.ToHtml(markdown ?? "", Pipeline));

    public static int WordCount(string text) =>
        text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));
}
