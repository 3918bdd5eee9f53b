using System.Globalization;

namespace CbtProgram.Web.Security;

/// <summary>
/// One CSV cell, for every CSV the site writes: RFC 4180 quoting, and text that a spreadsheet would run as a formula
/// (starting with = + - @, a tab or a carriage return) made plain text with a leading apostrophe (OWASP's CSV injection advice).
/// </summary>
public static class CsvCells
{
    private const string FormulaStarts = "=+-@\t\r";

    public static string Cell(object? value)
    {
        var text = value switch
        {
            null => "",
            DateTimeOffset d => d.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        // Numbers and dates the site formats itself (a negative number) stay numbers; only text can be a formula.
        if (value is string && text.Length > 0 && FormulaStarts.Contains(text[0], StringComparison.Ordinal))
            text = "'" + text;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
