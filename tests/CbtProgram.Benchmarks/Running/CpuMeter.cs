using System.Diagnostics;
using System.Globalization;

namespace CbtProgram.Benchmarks.Running;

/// <summary>
/// CPU time used by this process (the site, its Hangfire workers and the SMTP listener) and by the PostgreSQL
/// server (the postmaster and its backends, read from /proc on Linux). On a shared machine wall-clock figures
/// vary with the neighbours' load; CPU time per event does much less, so it shows what a change really saves.
/// </summary>
public sealed class CpuMeter(string dataDirectory)
{
    public sealed record Reading(TimeSpan App, TimeSpan Database);

    /// <summary>What was used since an earlier reading, as "app 1.2 s + database 0.8 s".</summary>
    public static string Describe(Reading from, Reading to, int events)
    {
        var app = (to.App - from.App).TotalSeconds;
        var database = (to.Database - from.Database).TotalSeconds;
        return $"CPU used: app {app:0.0} s + database {database:0.0} s = {(app + database) * 1000 / events:0.0} ms per event";
    }

    public Reading Read() => new(Process.GetCurrentProcess().TotalProcessorTime, DatabaseTime());

    /// <summary>CPU time the PostgreSQL server (postmaster and backends, ended ones too) has used so far.</summary>
    public TimeSpan DatabaseTime()
    {
        try
        {
            var postmaster = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            var ticks = 0L;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid))
                    continue;
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // Fields after the command name (which may hold spaces): state ppid ... utime(14) stime(15).
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (pid == postmaster || int.Parse(fields[1], CultureInfo.InvariantCulture) == postmaster)
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                // Backends that have ended are counted in the postmaster's cutime and cstime.
                if (pid == postmaster)
                    ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            }
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }
}
