using System.IO.Compression;
using System.Text;
using CbtProgram.Web.Curriculum.Files;
using CbtProgram.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CbtProgram.Web.Curriculum.Publishing;

/// <summary>
/// The published program as a zip in the curriculum/ file format: program.yaml, modules/*.md, measures/*.yaml, and
/// audio/* with the clinic recordings the published modules name.
/// </summary>
public sealed class CurriculumExporter(AppDbContext db, CurriculumCatalog catalog, Audio.RecordingFolder recordings)
{
    public async Task<byte[]> ExportZipAsync()
    {
        var documents = await db.CurriculumDocuments.AsNoTracking().OrderBy(d => d.Path).ToListAsync();
        var modules = await catalog.CurrentVersionsAsync();
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var document in documents)
                await AddAsync(zip, document.Path, document.Content);
            foreach (var module in modules)
                await AddAsync(zip, $"modules/{ModuleFileWriter.FileName(module.Content)}", ModuleFileWriter.Write(module.Content));
            var named = modules.SelectMany(m => m.Content.Steps).SelectMany(s => s.Phases.Select(p => p.Audio).Append(s.Audio)).OfType<string>();
            foreach (var name in named.Distinct().Order(StringComparer.Ordinal))
            {
                if (recordings.FileFor(name) is { } file)
                    await AddAsync(zip, $"{Audio.RecordingRules.FolderName}/{name}", await File.ReadAllBytesAsync(file));
            }
        }
        return buffer.ToArray();
    }

    private static Task AddAsync(ZipArchive zip, string path, string content) => AddAsync(zip, path, Encoding.UTF8.GetBytes(content));

    private static async Task AddAsync(ZipArchive zip, string path, byte[] content)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await stream.WriteAsync(content);
    }
}
