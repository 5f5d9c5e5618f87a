using Orchestrator.Buffers;

namespace Orchestrator.UnitTests.Imports.Parsing;

/// <summary>A read-only stream over bytes that returns at most <c>maxRead</c> bytes per read, like a slow network.</summary>
internal sealed class TrickleStream(byte[] data, int start, int maxRead) : ReadOnlyStream
{
    private int position = start;

    public override int Read(byte[] buffer, int offset, int count) => this.Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int count = Math.Min(Math.Min(buffer.Length, maxRead), data.Length - this.position);
        data.AsSpan(this.position, count).CopyTo(buffer);
        this.position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(this.Read(buffer.Span));
}
