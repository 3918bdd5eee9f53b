using System.Diagnostics;
using System.Globalization;

namespace CbtProgram.Benchmarks.Load;

/// <summary>One request the load generator sends: signed in by its cookies; a body makes it a form POST.</summary>
public sealed record LoadRequest(string Method, string Path, string Cookie, string Body = "");

/// <summary>What wrk measured in one run: latencies in milliseconds, errors of every kind (connection, read, write, timeout, status 4xx/5xx).</summary>
public sealed record WrkResult(long Requests, TimeSpan Duration, long Errors, double P50, double P95, double P99, double Max)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;
}

/// <summary>
/// Drives the site with wrk (Debian's package): a Lua script sends the given requests round-robin over every
/// connection, so each connection plays many signed-in people, and prints wrk's own latency percentiles.
/// </summary>
public static class Wrk
{
    private const string Script = """
        local requests = {}
        local count = 0
        local next_index = 0
        local threads = 0

        function setup(thread)
          thread:set("offset", threads)
          threads = threads + 1
        end

        function init(args)
          for line in io.lines(args[1]) do
            local method, path, cookie, body = line:match("^(%S+)\t(%S+)\t([^\t]*)\t(.*)$")
            local headers = { ["Cookie"] = cookie }
            if method == "POST" then
              headers["Content-Type"] = "application/x-www-form-urlencoded"
            else
              body = nil
            end
            count = count + 1
            requests[count] = wrk.format(method, path, headers, body)
          end
          next_index = ((offset or 0) * 7919) % count
        end

        function request()
          next_index = next_index % count + 1
          return requests[next_index]
        end

        function done(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("CBT-RESULT %d %d %d %.0f %.0f %.0f %.0f\n", summary.requests, summary.duration,
            e.connect + e.read + e.write + e.status + e.timeout,
            latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
        end
        """;

    public static bool IsInstalled => Run("wrk", ["--version"]) >= 0;

    /// <summary>Installs Debian's wrk package when it is missing and this runs as root (as CI installs what it needs); true when wrk is there.</summary>
    public static async Task<bool> EnsureInstalledAsync(TextWriter output)
    {
        if (IsInstalled)
            return true;
        if (Environment.UserName != "root" || Run("apt-get", ["--version"]) < 0)
            return false;
        await output.WriteLineAsync("wrk is missing: installing Debian's package (apt-get install wrk)...");
        if (Run("apt-get", ["install", "-y", "-qq", "wrk"]) != 0)
            Run("apt-get", ["update", "-qq"]);
        Run("apt-get", ["install", "-y", "-qq", "wrk"]);
        return IsInstalled;
    }

    public static async Task<WrkResult> RunAsync(string url, IReadOnlyList<LoadRequest> requests, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("cbt-wrk-");
        try
        {
            var script = Path.Combine(folder.FullName, "load.lua");
            var list = Path.Combine(folder.FullName, "requests.tsv");
            await File.WriteAllTextAsync(script, Script, cancellationToken);
            await File.WriteAllLinesAsync(list, requests.Select(r => $"{r.Method}\t{r.Path}\t{r.Cookie}\t{r.Body}"), cancellationToken);
            var threads = Math.Min(Environment.ProcessorCount, connections);
            var start = new ProcessStartInfo("wrk",
            [
                "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
                "-d", $"{(int)duration.TotalSeconds}s", "--timeout", "5s", "-s", script, url, "--", list,
            ])
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var line = (await output).Split('\n').FirstOrDefault(l => l.StartsWith("CBT-RESULT ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"wrk printed no result (exit {process.ExitCode}): {await output}{await errors}");
            var f = line.Split(' ');
            double Ms(string microseconds) => double.Parse(microseconds, CultureInfo.InvariantCulture) / 1000;
            return new WrkResult(long.Parse(f[1], CultureInfo.InvariantCulture), TimeSpan.FromMicroseconds(double.Parse(f[2], CultureInfo.InvariantCulture)),
                long.Parse(f[3], CultureInfo.InvariantCulture), Ms(f[4]), Ms(f[5]), Ms(f[6]), Ms(f[7]));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The exit code, or -1 when the program is not installed.</summary>
    private static int Run(string file, string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
