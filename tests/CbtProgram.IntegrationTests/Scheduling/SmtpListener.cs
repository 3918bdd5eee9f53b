using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CbtProgram.Testing;

/// <summary>
/// A real SMTP server on a loopback port, in the test process, that keeps every message it receives. It can be
/// stopped and started again on the same port (an outage: connections are refused meanwhile), answer 550 to chosen
/// recipients, and take its time over each message (a slow server).
/// </summary>
public sealed class SmtpListener : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ConcurrentDictionary<string, bool> _refused = new(StringComparer.OrdinalIgnoreCase);
    private CancellationTokenSource? _stop;
    private Task? _running;

    public SmtpListener(int? port = null) => Port = port ?? FreePort();

    public int Port { get; }
    public IReadOnlyCollection<string> Messages => _messages;
    /// <summary>How long the server waits after receiving each message before it answers that it has it.</summary>
    public TimeSpan DelayPerMessage { get; set; }

    public SmtpListener Start()
    {
        if (_running is not null)
            throw new InvalidOperationException("The listener is already running.");
        _stop = new CancellationTokenSource();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Recipients(_refused));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
        return this;
    }

    /// <summary>Stops listening: until <see cref="Start"/>, connections to the port are refused. Messages received so far are kept.</summary>
    public async Task StopAsync()
    {
        if (_stop is null || _running is null)
            return;
        await _stop.CancelAsync();
        try { await _running; } catch (OperationCanceledException) { }
        _stop.Dispose();
        _stop = null;
        _running = null;
    }

    /// <summary>Answers 550 (mailbox unavailable) to RCPT TO for this address until <see cref="Accept"/>.</summary>
    public void Refuse(string address) => _refused[address] = true;

    public void Accept(string address) => _refused.TryRemove(address, out _);

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Store(SmtpListener listener) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (listener.DelayPerMessage > TimeSpan.Zero)
                await Task.Delay(listener.DelayPerMessage, cancellationToken);
            listener._messages.Enqueue(Encoding.UTF8.GetString(buffer.ToArray()));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Recipients(ConcurrentDictionary<string, bool> refused) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!refused.ContainsKey(to.AsAddress()));
    }
}
