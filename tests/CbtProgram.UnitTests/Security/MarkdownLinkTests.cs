using CbtProgram.Web.Curriculum.Rendering;
using CbtProgram.Web.Security;

namespace CbtProgram.UnitTests.Security;

public sealed class MarkdownLinkTests
{
    private static string Html(string markdown) => MarkdownRenderer.ToHtml(markdown).ToString()!;

    [Theory]
    [InlineData("[Samaritans](https://www.samaritans.org)", "<a href=\"https://www.samaritans.org\">Samaritans</a>")]
    [InlineData("[old site](http://example.org/page)", "<a href=\"http://example.org/page\">old site</a>")]
    [InlineData("[write to us](mailto:help@example.org)", "<a href=\"mailto:help@example.org\">write to us</a>")]
    [InlineData("[call 116 123](tel:116123)", "<a href=\"tel:116123\">call 116 123</a>")]
    [InlineData("[your diary](/patient/diary)", "<a href=\"/patient/diary\">your diary</a>")]
    [InlineData("[next step](steps/2?from=a:b)", "<a href=\"steps/2?from=a:b\">next step</a>")]
    [InlineData("<https://nhs.uk>", "<a href=\"https://nhs.uk\">https://nhs.uk</a>")]
    public void AllowedLinks_StayLinks(string markdown, string expected) => Assert.Contains(expected, Html(markdown));

    [Theory]
    [InlineData("[click me](javascript:alert(1))", "click me")]
    [InlineData("[click *me*](JaVaScRiPt:alert(1))", "click me")]
    [InlineData("[tab](java\tscript:alert(1))", "tab")]
    [InlineData("[entity](javascript&#58;alert(1))", "entity")]
    [InlineData("[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "data")]
    [InlineData("[vb](vbscript:msgbox(1))", "vb")]
    [InlineData("[file](file:///etc/passwd)", "file")]
    [InlineData("![picture](data:image/svg+xml;base64,PHN2Zz4=)", "picture")]
    [InlineData("<javascript:alert(1)>", "javascript:alert(1)")]
    public void OtherSchemes_AreShownAsPlainText(string markdown, string text)
    {
        var html = Html(markdown);

        Assert.DoesNotContain("<a ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href", html, StringComparison.Ordinal);
        Assert.Contains(text, html, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadLink_DoesNotTakeTheRestOfTheTextWithIt() =>
        Assert.Equal("<p>Before <strong>bold</strong> x after <a href=\"/patient\">home</a>.</p>\n",
            Html("Before **bold** [x](javascript:alert(1)) after [home](/patient)."));

    [Theory]
    [InlineData(" javascript:alert(1)", false)]
    [InlineData("\u0001javascript:alert(1)", false)]
    [InlineData("HTTPS://example.org", true)]
    [InlineData("#section", true)]
    [InlineData("", true)]
    public void LinkSchemes_ReadUrlsAsABrowserWould(string url, bool allowed) => Assert.Equal(allowed, LinkSchemes.IsAllowed(url));

    [Fact]
    public void AText_IsRenderedOnce_AndAnEqualTextElsewhere_GivesTheSameSafeHtml()
    {
        // A step's text is the same string on every view of the published module: its HTML is kept, not made again.
        var step = string.Concat("Breathe in slowly. ", "[Not a link](javascript:alert(1)) and [help](https://www.samaritans.org)");
        var first = MarkdownRenderer.ToHtml(step);

        Assert.Same(first, MarkdownRenderer.ToHtml(step));
        var sameWords = string.Concat("Breathe in slowly. ", "[Not a link](javascript:alert(1)) and [help](https://www.samaritans.org)");
        Assert.NotSame(step, sameWords);
        Assert.Equal(first.ToString(), MarkdownRenderer.ToHtml(sameWords).ToString());
        Assert.DoesNotContain("javascript", first.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<a href=\"https://www.samaritans.org\">help</a>", first.ToString());
    }
}
