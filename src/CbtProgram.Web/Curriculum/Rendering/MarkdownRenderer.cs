using CbtProgram.Web.Security;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Html;

namespace CbtProgram.Web.Curriculum.Rendering;

/// <summary>
/// Module text to HTML. Raw HTML in the Markdown is not passed through, and a link or image whose scheme is not allowed
/// (<see cref="LinkSchemes"/>: javascript:, data: and the like) is shown as its plain text, so authored text cannot run script.
/// </summary>
public static class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .Build();

    /// <summary>
    /// The HTML of each text already rendered, by the text itself: a module's texts are the same strings on every view
    /// while its published version is in memory (and go with it), so a step is parsed once, not on each request.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, IHtmlContent> Rendered = new();

    public static IHtmlContent ToHtml(string markdown) =>
        Rendered.GetValue(markdown ?? "", static text => Render(text));

    private static HtmlString Render(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().Where(l => !LinkSchemes.IsAllowed(l.Url)).ToList())
            link.ReplaceBy(new LiteralInline(PlainText(link)), copyChildren: false);
        foreach (var link in document.Descendants<AutolinkInline>().Where(l => !LinkSchemes.IsAllowed(l.IsEmail ? "mailto:" : l.Url)).ToList())
            link.ReplaceBy(new LiteralInline(link.Url));
        return new HtmlString(document.ToHtml(Pipeline));
    }

    private static string PlainText(ContainerInline container) => string.Concat(container.Select(inline => inline switch
    {
        LiteralInline literal => literal.Content.ToString(),
        CodeInline code => code.Content,
        ContainerInline inner => PlainText(inner),
        _ => "",
    }));

    public static int WordCount(string text) =>
        text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));
}
