namespace CbtProgram.Web.Data.EmbeddedServer;

/// <summary>Finds the PostgreSQL server programs (initdb, pg_ctl, postgres) installed on this machine.</summary>
public sealed record PostgresBinaries(string Folder)
{
    public string InitDb => Path.Combine(Folder, "initdb");
    public string PgCtl => Path.Combine(Folder, "pg_ctl");

    /// <summary>Looks in PATH, then where <c>pg_config --bindir</c> points, then Debian's /usr/lib/postgresql/*/bin (newest first).</summary>
    public static PostgresBinaries? Find()
    {
        var candidates = new List<string>();
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            candidates.Add(dir);
        if (ProcessRunner.TryRun("pg_config", ["--bindir"], out var bindir))
            candidates.Add(bindir.Trim());
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(VersionOf)
                .Select(d => Path.Combine(d, "bin")));
        }

        return candidates
            .Where(HasServerPrograms)
            .Select(dir => new PostgresBinaries(ResolveLinks(dir)))
            .FirstOrDefault();
    }

    private static bool HasServerPrograms(string dir) =>
        File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))
        && File.Exists(Path.Combine(dir, "postgres"));

    // /usr/local/bin/pg_ctl may be a link into the real bin folder; pg_ctl finds "postgres" beside its own real path.
    private static string ResolveLinks(string dir)
    {
        var target = new FileInfo(Path.Combine(dir, "pg_ctl")).ResolveLinkTarget(returnFinalTarget: true);
        return target is null ? dir : Path.GetDirectoryName(target.FullName)!;
    }

    private static int VersionOf(string dir) => int.TryParse(Path.GetFileName(dir), out var v) ? v : 0;
}
