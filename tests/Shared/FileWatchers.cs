using System.Runtime.CompilerServices;

namespace CbtProgram.Testing;

/// <summary>
/// Every site a test starts (in this process or as a child process, which inherits the environment) reads its settings
/// once and polls rather than watches files. A test run starts hundreds of sites, each of which would otherwise hold
/// inotify instances for its settings files and web root; Linux allows 128 a user by default, and a run that reached
/// it failed with "The configured user limit (128) on the number of inotify instances has been reached".
/// </summary>
internal static class FileWatchers
{
    [ModuleInitializer]
    internal static void Off()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }
}
