using System.Net;
using System.Text.RegularExpressions;

namespace CbtProgram.IntegrationTests.Security.Passwords;

/// <summary>Two answers compared as someone probing for accounts would: status, and the page with its per-request token left out.</summary>
internal static partial class PagesCompared
{
    public static async Task<(HttpStatusCode Status, string Page)> ReadAsync(HttpResponseMessage response) =>
        (response.StatusCode, AntiforgeryValue().Replace(await response.Content.ReadAsStringAsync(), "value=\"(token)\""));

    [GeneratedRegex("value=\"CfDJ8[^\"]*\"")]
    private static partial Regex AntiforgeryValue();
}
