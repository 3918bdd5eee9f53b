using System.Diagnostics;

namespace CbtProgram.Web.Data.EmbeddedServer;

/// <summary>Runs a short command and captures what it prints; optionally as another system user (via runuser).</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output);

    public static bool TryRun(string program, IReadOnlyList<string> args, out string output)
    {
        try
        {
            var result = Run(program, args, runAs: null, workingDirectory: null, TimeSpan.FromSeconds(10));
            output = result.Output;
            return result.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            output = "";
            return false;
        }
    }

    public static Result Run(string program, IReadOnlyList<string> args, string? runAs, string? workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo
        {
            FileName = runAs is null ? program : "runuser",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "/",
        };
        if (runAs is not null)
        {
            foreach (var a in new[] { "-u", runAs, "--", program })
                start.ArgumentList.Add(a);
        }
        foreach (var a in args)
            start.ArgumentList.Add(a);
        // The server must not inherit the site's locale quirks or a PGDATA from the shell.
        start.Environment.Remove("PGDATA");
        start.Environment["LC_ALL"] = "C";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return new Result(-1, $"{Path.GetFileName(program)} did not finish within {timeout.TotalSeconds:0} seconds");
        }
        return new Result(process.ExitCode, stdout.Result + stderr.Result);
    }
}
