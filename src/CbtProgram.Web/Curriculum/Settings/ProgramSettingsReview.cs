using CbtProgram.Web.Curriculum.Files;
using CbtProgram.Web.Curriculum.Publishing;
using CbtProgram.Web.Domain.Curriculum;

namespace CbtProgram.Web.Curriculum.Settings;

/// <summary>What an admin reviews: a draft against the live settings (with every problem that would refuse it), or a version against the one before.</summary>
public sealed class ProgramSettingsReview(ProgramSettingsCatalog settings, CurriculumCatalog modules)
{
    public sealed record Draft(ProgramSettingsVersion Version, ProgramSettingsVersion? Live, SettingsChanges Changes, IReadOnlyList<CurriculumProblem> Problems);

    public sealed record Published(ProgramSettingsVersion Version, ProgramSettingsVersion? Previous, SettingsChanges? Changes);

    public async Task<Draft?> DraftAsync()
    {
        var draft = await settings.DraftAsync();
        if (draft is null)
            return null;
        var live = await settings.LiveAsync();
        var published = (await modules.CurrentVersionsAsync()).Select(v => v.Content).ToList();
        return new Draft(draft, live, SettingsChanges.Between(live?.Files ?? [], draft.Files), ProgramSettingsReader.Read(draft.Files, published).Problems);
    }

    public async Task<Published?> VersionAsync(int number)
    {
        var version = await settings.VersionAsync(number);
        if (version?.Number is null)
            return null;
        var previous = number > 1 ? await settings.VersionAsync(number - 1) : null;
        return new Published(version, previous, previous is null ? null : SettingsChanges.Between(previous.Files, version.Files));
    }
}
