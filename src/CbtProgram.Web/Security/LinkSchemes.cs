namespace CbtProgram.Web.Security;

/// <summary>
/// The links text written by people (curriculum authors, the consent) may carry: http, https, mailto, tel and links
/// within the site. Anything else (javascript:, data:, vbscript:, file:, ...) is not a link, whatever its spelling.
/// </summary>
public static class LinkSchemes
{
    private static readonly string[] Allowed = ["http", "https", "mailto", "tel"];

    public static bool IsAllowed(string? url)
    {
        // As a browser reads it: control characters and spaces dropped (so "java\tscript:" is javascript:), any case.
        var plain = new string((url ?? "").Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        var colon = plain.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
            return true;
        var end = plain.IndexOfAny(['/', '?', '#']);
        if (end >= 0 && end < colon)
            return true; // a relative link whose path or query has a colon in it
        var scheme = plain[..colon];
        return Allowed.Any(a => string.Equals(a, scheme, StringComparison.OrdinalIgnoreCase));
    }
}
