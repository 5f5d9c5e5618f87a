using Orchestrator.Buffers;

namespace Orchestrator.Reports;

/// <summary>Exposes at most <c>length</c> bytes of an inner stream and owns it.</summary>
internal sealed class BoundedReadStream(Stream inner, long length) : ReadOnlyWrapperStream(inner)
{
    private long remaining = length;

    public override int Read(byte[] buffer, int offset, int count) => this.Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (this.remaining <= 0)
        {
            return 0;
        }

        int read = this.Inner.Read(buffer[..(int)Math.Min(buffer.Length, this.remaining)]);
        this.remaining -= read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (this.remaining <= 0)
        {
            return 0;
        }

        int read = await this.Inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, this.remaining)], cancellationToken);
        this.remaining -= read;
        return read;
    }
}
