using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;
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
        services.Add(new NoDelayListenerFactory());
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

    /// <summary>
    /// SmtpServer answers pipelined commands (MailKit sends MAIL FROM and RCPT TO together) in separate small writes on
    /// a socket with Nagle's algorithm on, so the second answer waits for the client's delayed ACK: 40 ms a message
    /// that a real mail server does not add. Accepting with TCP_NODELAY makes this listener as quick as the product
    /// deserves to be measured against.
    /// </summary>
    private sealed class NoDelayListenerFactory : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            return new Listener(listener);
        }

        private sealed class Listener(TcpListener listener) : IEndpointListener, IDisposable
        {
            public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
            {
                var socket = await listener.AcceptSocketAsync(cancellationToken);
                socket.NoDelay = true;
                return new Pipe(new NetworkStream(socket, ownsSocket: true));
            }

            public void Dispose() => listener.Stop();
        }

        private sealed class Pipe(NetworkStream stream) : ISecurableDuplexPipe
        {
            public PipeReader Input { get; } = PipeReader.Create(stream);
            public PipeWriter Output { get; } = PipeWriter.Create(stream);
            public bool IsSecure => false;
            public SslProtocols SslProtocol => SslProtocols.None;

            public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
                throw new NotSupportedException("The benchmark's SMTP listener does not offer TLS.");

            public void Dispose() => stream.Dispose();
        }
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
