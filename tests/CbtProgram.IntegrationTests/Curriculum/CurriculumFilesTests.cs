using System.IO.Compression;
using System.Net;
using System.Text.Json;
using CbtProgram.Web.Curriculum.Files;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Curriculum.Rendering;
using Microsoft.Extensions.DependencyInjection;

namespace CbtProgram.IntegrationTests.Curriculum;

/// <summary>The shipped files, the validator's command, and a site started on a copy of the files that we then change.</summary>
public sealed class CurriculumFilesTests : IAsyncLifetime
{
    private static readonly string Shipped = Path.Combine(TestDatabaseServer.RepositoryRoot(), "curriculum");
    private readonly string _copy = Directory.CreateTempSubdirectory("cbt-curriculum-").FullName;
    private readonly CbtWebApplicationFactory _site = new();

    public async Task InitializeAsync()
    {
        CopyFolder(Shipped, _copy);
        _site.WithSetting("Curriculum:Folder", _copy);
        await _site.InitializeAsync();
        _ = _site.Server;
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        Directory.Delete(_copy, recursive: true);
    }

    [Fact]
    public void ShippedFiles_AreValid_WithEveryWeekAndEveryComponent()
    {
        var result = CurriculumFolderReader.Read(Shipped);

        Assert.Empty(result.Problems);
        var snapshot = result.Snapshot!;
        Assert.Equal(Enumerable.Range(1, 12), snapshot.Modules.Select(m => m.Week));
        Assert.All(snapshot.Modules, m => Assert.InRange(m.TotalMinutes, 45, 55));
        Assert.All(snapshot.Modules, m => Assert.InRange(ModuleStats.PatientWords(m), 1200, 2500));
        Assert.Equal(["GAD-7", "MIDAS", "PHQ-9", "WHO-5"], snapshot.Measures.Select(m => m.Measure.Name));
        Assert.DoesNotContain(snapshot.Measures, m => m.Measure.Id == "hit-6");
    }

    [Fact]
    public void ShippedModules_SayTheyWorkAlongsideTheCareTeam_AndNeverGiveADose()
    {
        foreach (var module in CurriculumFolderReader.Read(Shipped).Snapshot!.Modules)
        {
            var text = ModuleFileWriter.Write(module);
            Assert.Matches("(care team|your doctor)", text);
            Assert.DoesNotMatch(@"\b\d+\s?(mg|milligrams?|ml|tablets?|pills?|capsules?)\b", text);
        }
    }

    [Fact]
    public void ShippedModules_RoundTripThroughTheWriterWithoutLoss()
    {
        foreach (var module in CurriculumFolderReader.Read(Shipped).Snapshot!.Modules)
        {
            var again = ModuleFileReader.Read("again.md", ModuleFileWriter.Write(module));
            Assert.Empty(again.Problems);
            Assert.Equal(JsonSerializer.Serialize(module), JsonSerializer.Serialize(again.Module));
        }
    }

    [Fact]
    public void ValidateCommand_OnTheShippedFiles_Passes_AndOnABrokenCopy_ListsFileAndLineAndFails()
    {
        var output = new StringWriter();
        var ok = ValidateCommand.Run(["curriculum", "validate", Shipped], output);
        Break(_copy, "week-02", "kind: exercise", "kind: excercise");
        var brokenOutput = new StringWriter();
        var broken = ValidateCommand.Run(["curriculum", "validate", _copy], brokenOutput);

        Assert.Equal(0, ok);
        Assert.Contains("valid. 12 modules", output.ToString());
        Assert.Equal(1, broken);
        Assert.Matches(@"modules/week-02-[a-z-]+\.md:\d+: unknown step kind 'excercise'", brokenOutput.ToString());
    }

    [Fact]
    public async Task Restart_WithABrokenFile_KeepsThePublishedVersion_AndTellsAdminsWhy()
    {
        Break(_copy, "week-05", "minutes: 5", "minutes: five");
        await using var restarted = new CbtWebApplicationFactory().SharingDatabaseWith(_site).WithSetting("Curriculum:Folder", _copy);

        var admin = await restarted.SignedInAsAsync("admin@example.org");
        var page = await admin.GetStringAsync("/admin/curriculum");

        Assert.Contains("The curriculum files have 3 problems", page);
        Assert.Contains("The site keeps using the published version", page);
        Assert.Matches(@"modules/week-05-[a-z-]+\.md:\d+: &#x27;minutes&#x27; must be a whole number", page);
        await using var scope = restarted.Services.CreateAsyncScope();
        Assert.Equal(12, (await scope.ServiceProvider.GetRequiredService<CurriculumCatalog>().CurrentVersionsAsync()).Count);
        var patient = await restarted.SignedInAsAsync("patient@example.org");
        Assert.Equal(HttpStatusCode.OK, (await patient.GetAsync("/patient/modules/1")).StatusCode);
    }

    [Fact]
    public async Task ChangedFiles_AreImportedAsDraftsOnlyWhenAnAdminAsks_NeverOverPublishedText()
    {
        Break(_copy, "week-11", "title: \"Coping with an attack", "title: \"Getting through an attack");
        await using var restarted = new CbtWebApplicationFactory().SharingDatabaseWith(_site).WithSetting("Curriculum:Folder", _copy);
        var admin = await restarted.SignedInAsAsync("admin@example.org");

        var before = await admin.GetStringAsync("/admin/curriculum");
        var imported = await admin.PostFormAsync("/admin/curriculum", "/admin/curriculum/import", []);
        var after = await admin.GetStringAsync(imported.Headers.Location!.OriginalString);

        Assert.Contains("differ from the published modules for week 11", before);
        Assert.Contains("Imported as drafts: week 11.", after);
        await using var scope = restarted.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CurriculumCatalog>();
        Assert.StartsWith("Getting through an attack", (await catalog.DraftAsync(11))!.Content.Title);
        Assert.StartsWith("Coping with an attack", (await catalog.CurrentVersionAsync(11))!.Content.Title);
    }

    [Fact]
    public async Task Export_GivesBackFilesThatReadAsTheSamePublishedProgram()
    {
        var admin = await _site.SignedInAsAsync("admin@example.org");

        var zip = await admin.GetByteArrayAsync("/admin/curriculum/export");
        var unpacked = Directory.CreateTempSubdirectory("cbt-export-").FullName;
        try
        {
            await ZipFile.ExtractToDirectoryAsync(new MemoryStream(zip), unpacked);
            var exported = CurriculumFolderReader.Read(unpacked);

            Assert.Empty(exported.Problems);
            var original = CurriculumFolderReader.Read(Shipped).Snapshot!;
            Assert.Equal(original.Modules.Select(m => JsonSerializer.Serialize(m)), exported.Snapshot!.Modules.Select(m => JsonSerializer.Serialize(m)));
            Assert.Equal(original.ProgramYaml, exported.Snapshot.ProgramYaml);
            Assert.Equal(original.Measures.Select(m => m.Yaml), exported.Snapshot.Measures.Select(m => m.Yaml));
        }
        finally
        {
            Directory.Delete(unpacked, recursive: true);
        }
    }

    private static void Break(string folder, string filePrefix, string find, string replace)
    {
        var file = Directory.GetFiles(Path.Combine(folder, "modules"), $"{filePrefix}-*.md").Single();
        var text = File.ReadAllText(file);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' is not in {file}");
        File.WriteAllText(file, string.Concat(text.AsSpan(0, at), replace, text.AsSpan(at + find.Length)));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
    }
}
