namespace CbtProgram.Web.Outcomes.Fhir;

/// <summary>
/// A write-only stream that keeps what is written until <see cref="DrainToAsync"/> sends it on. ZipArchive writes and
/// closes entries synchronously, which a server's response body refuses; writing the zip here and draining it after
/// each batch keeps every network write asynchronous and the memory held to one batch.
/// </summary>
public sealed class DrainingBufferStream : Stream
{
    private readonly MemoryStream _pending = new();
    private long _written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _pending.Write(buffer);
        _written += buffer.Length;
    }

    public override void Flush() { }

    /// <summary>Sends everything written so far, then forgets it.</summary>
    public async Task DrainToAsync(Stream output, CancellationToken cancel)
    {
        if (_pending.Length == 0)
            return;
        await output.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancel);
        await output.FlushAsync(cancel);
        _pending.SetLength(0);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _pending.Dispose();
        base.Dispose(disposing);
    }
}
