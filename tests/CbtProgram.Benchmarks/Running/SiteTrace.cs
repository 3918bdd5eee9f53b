using System.Diagnostics;
using System.Globalization;

namespace CbtProgram.Benchmarks.Running;

/// <summary>
/// A CPU-sampling trace of the site process while it is under load, written by dotnet-trace (a .NET global tool:
/// <c>dotnet tool install -g dotnet-trace</c>) as a speedscope file to open at speedscope.app or read with a script.
/// </summary>
public static class SiteTrace
{
    public static Process Start(int processId, string folder, string name, TimeSpan duration)
    {
        Directory.CreateDirectory(folder);
        var file = Path.Combine(Path.GetFullPath(folder), new string(name.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()) + ".nettrace");
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-trace");
        var start = new ProcessStartInfo(File.Exists(tool) ? tool : "dotnet-trace",
        [
            "collect", "-p", processId.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time", "--format", "Speedscope",
            "--duration", duration.ToString(@"dd\:hh\:mm\:ss", CultureInfo.InvariantCulture), "-o", file,
        ]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-trace did not start.");
        process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEndAsync();
        return process;
    }
}
