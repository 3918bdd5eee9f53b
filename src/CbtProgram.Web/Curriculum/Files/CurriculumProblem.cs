namespace CbtProgram.Web.Curriculum.Files;

/// <summary>Something wrong in a curriculum file, with where it is (line 0: the file as a whole).</summary>
public sealed record CurriculumProblem(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
