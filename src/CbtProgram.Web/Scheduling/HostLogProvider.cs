using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace CbtProgram.Web.Scheduling;

/// <summary>
/// Hangfire keeps one log provider per process. When a process hosts the site more than once (the test suites do),
/// a host that has shut down leaves a disposed logger factory behind: fall back to silence rather than fail to start.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
