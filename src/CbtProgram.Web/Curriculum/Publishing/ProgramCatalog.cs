using CbtProgram.Web.Curriculum.Definitions;
using CbtProgram.Web.Curriculum.Files;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Curriculum.Publishing;

/// <summary>
/// The published program definition and questionnaires, parsed from their stored YAML and kept in memory.
/// A publish of the program settings on this node refreshes it at once; other nodes pick the change up within <see cref="MaxAge"/>.
/// </summary>
public sealed class ProgramCatalog(IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (ProgramDefinition Program, IReadOnlyList<MeasureDefinition> Measures)? _cached;
    private DateTimeOffset _loadedAt;

    public async Task<(ProgramDefinition Program, IReadOnlyList<MeasureDefinition> Measures)> GetAsync()
    {
        if (_cached is { } fresh && clock.GetUtcNow() - _loadedAt < MaxAge)
            return fresh;
        await _gate.WaitAsync();
        try
        {
            if (_cached is not { } cached || clock.GetUtcNow() - _loadedAt >= MaxAge)
            {
                cached = await LoadAsync() ?? throw new InvalidOperationException("No program has been published yet: check the curriculum files.");
                _cached = cached;
                _loadedAt = clock.GetUtcNow();
            }
            return cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<MeasureDefinition?> MeasureAsync(string id) => (await GetAsync()).Measures.FirstOrDefault(m => m.Id == id);

    public void Invalidate() => _cached = null;

    public void Dispose() => _gate.Dispose();

    private async Task<(ProgramDefinition, IReadOnlyList<MeasureDefinition>)?> LoadAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var documents = await db.CurriculumDocuments.AsNoTracking().ToListAsync();
        var programText = documents.FirstOrDefault(d => d.Path == CurriculumFolderReader.ProgramFile)?.Content;
        if (programText is null)
            return null;
        var problems = new List<CurriculumProblem>();
        var program = CurriculumFolderReader.Deserialize<ProgramDefinition>(CurriculumFolderReader.ProgramFile, programText, problems)!;
        var measures = documents.Where(d => d.Path.StartsWith(program.MeasuresFolder + "/", StringComparison.Ordinal))
            .Select(d => CurriculumFolderReader.Deserialize<MeasureDefinition>(d.Path, d.Content, problems)!)
            .OrderBy(m => m.Id)
            .ToList();
        return (program, measures);
    }
}
