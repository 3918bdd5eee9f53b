using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CbtProgram.Benchmarks.Scheduling;

/// <summary>A real SMTP server on a loopback port, in this process, noting when each message arrived and for whom.</summary>
public sealed class SmtpInbox : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Arrival> _arrivals = new();
    private readonly Task _running;

    public sealed record Arrival(DateTimeOffset At, string To, string MessageId, string Subject);

    public SmtpInbox()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(_arrivals));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>The messages that arrived for the addresses starting with a prefix (one set of bench patients).</summary>
    public IReadOnlyList<Arrival> For(string addressPrefix) =>
        _arrivals.Where(a => a.To.StartsWith(addressPrefix, StringComparison.OrdinalIgnoreCase)).ToList();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<Arrival> arrivals) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var at = TimeProvider.System.GetUtcNow();
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            foreach (var to in transaction.To)
                arrivals.Enqueue(new Arrival(at, $"{to.User}@{to.Host}", message.MessageId ?? "", message.Subject ?? ""));
            return SmtpResponse.Ok;
        }
    }
}
