using System.Globalization;
using Orchestrator.Imports.Parsing;

namespace Orchestrator.Imports.Chunks;

/// <summary>
/// Counts the uncompressed bytes of a file as they are read and fails the read (<see cref="ImportLimitExceededException"/>)
/// once they pass the uncompressed cap or, past a grace size, the compression-ratio cap: a small gzip of a huge junk
/// file is stopped after a bounded amount of work. Read-only, forward-only.
/// </summary>
internal sealed class DecompressionGuard(Stream inner, long compressedBytes, long maxUncompressedBytes, long maxRatio, long graceBytes) : Stream
{
    /// <summary>Uncompressed bytes read so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => this.BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => this.Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        this.Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        this.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }

    private int Count(int read)
    {
        this.BytesRead += read;
        if (this.BytesRead > maxUncompressedBytes)
        {
            throw new ImportLimitExceededException(string.Create(
                CultureInfo.InvariantCulture,
                $"the file is larger than {maxUncompressedBytes / (1024 * 1024)} MiB uncompressed (Import:MaxUncompressedMiB); the rest of the file is not read"));
        }

        if (this.BytesRead > graceBytes && this.BytesRead > maxRatio * Math.Max(1, compressedBytes))
        {
            throw new ImportLimitExceededException(string.Create(
                CultureInfo.InvariantCulture,
                $"the file expands more than {maxRatio} times ({compressedBytes} bytes compressed, already {this.BytesRead} uncompressed; Import:MaxCompressionRatio); the rest of the file is not read"));
        }

        return read;
    }
}
