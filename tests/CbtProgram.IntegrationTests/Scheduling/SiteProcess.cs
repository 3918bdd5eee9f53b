using System.Diagnostics;
using System.Text;

namespace CbtProgram.IntegrationTests.Scheduling;

/// <summary>
/// The built site running as a separate operating-system process with its own Hangfire server, on a test database:
/// a second app node, or one the test can kill outright (SIGKILL, no shutdown) in the middle of its work.
/// </summary>
public sealed class SiteProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiteProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }
    public int Id => _process.Id;
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static async Task<SiteProcess> StartAsync(string connectionString, int smtpPort)
    {
        var root = RepositoryRoot();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var web = Path.Combine(root, "src", "CbtProgram.Web");
        var dll = Path.Combine(web, "bin", configuration, "net10.0", "CbtProgram.Web.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"The site is not built at {dll}.");
        var url = $"http://127.0.0.1:{SmtpListener.FreePort()}";
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["ASPNETCORE_URLS"] = url,
                ["ConnectionStrings__Cbt"] = connectionString,
                ["Demo__Seed"] = "false",
                ["Jobs__RunServer"] = "true",
                ["Jobs__WorkerCount"] = "4",
                ["Mail__SmtpHost"] = "127.0.0.1",
                ["Mail__SmtpPort"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Hangfire"] = "Error",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var site = new SiteProcess(process, url);
        process.OutputDataReceived += (_, line) => site.Append(line.Data);
        process.ErrorDataReceived += (_, line) => site.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await site.WaitUntilHealthyAsync();
        return site;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The site process exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync($"{Url}/healthz")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The site process was not healthy after 90 s:\n{Output}");
    }

    /// <summary>Ends the process at once, as a crash or a power cut would: no graceful shutdown, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited)
            return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "CbtProgram.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("CbtProgram.sln not found above the test folder.");
    }
}
