namespace CbtProgram.Web.Curriculum.Files;

/// <summary>Where the curriculum files are: Curriculum:Folder, else the curriculum/ folder beside CbtProgram.sln.</summary>
public static class CurriculumFolder
{
    public static string Resolve(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration["Curriculum:Folder"];
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(configured);
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "curriculum");
            if (File.Exists(Path.Combine(candidate, CurriculumFolderReader.ProgramFile)))
                return candidate;
        }
        return Path.Combine(contentRoot, "curriculum");
    }
}
