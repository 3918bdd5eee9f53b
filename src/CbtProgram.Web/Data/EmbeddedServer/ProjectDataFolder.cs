namespace CbtProgram.Web.Data.EmbeddedServer;

/// <summary>The git-ignored <c>.data</c> folder at the top of the checkout (beside CbtProgram.sln), or as configured.</summary>
public static class ProjectDataFolder
{
    public static string Resolve(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration["Database:DataFolder"];
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(configured);

        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CbtProgram.sln")))
                return Path.Combine(dir.FullName, ".data");
        }
        return Path.Combine(contentRoot, ".data");
    }
}
