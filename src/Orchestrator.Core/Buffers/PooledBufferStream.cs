using System.Buffers;

namespace Orchestrator.Buffers;

/// <summary>
/// A growable write-then-read buffer backed by an <see cref="ArrayPool{T}"/> (<see cref="PartBufferPool"/> unless
/// given another): part buffers are reused across parts instead of allocating a large object per part. Dispose
/// returns the array to the pool.
/// </summary>
internal sealed class PooledBufferStream : Stream
{
    private readonly ArrayPool<byte> pool;
    private byte[] buffer;
    private int length;
    private int position;

    public PooledBufferStream(int initialCapacity, ArrayPool<byte>? pool = null)
    {
        this.pool = pool ?? PartBufferPool.Instance;
        this.buffer = this.pool.Rent(Math.Max(initialCapacity, 4096));
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => this.length;

    public override long Position
    {
        get => this.position;
        set => this.position = (int)Math.Clamp(value, 0, this.length);
    }

    public ReadOnlySpan<byte> WrittenSpan => this.buffer.AsSpan(0, this.length);

    public override void Write(byte[] buffer, int offset, int count) => this.Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> source)
    {
        int end = this.position + source.Length;
        if (end > this.buffer.Length)
        {
            var bigger = this.pool.Rent(Math.Max(end, this.buffer.Length * 2));
            this.buffer.AsSpan(0, this.length).CopyTo(bigger);
            this.pool.Return(this.buffer);
            this.buffer = bigger;
        }

        source.CopyTo(this.buffer.AsSpan(this.position));
        this.position = end;
        this.length = Math.Max(this.length, end);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        this.Write(source.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        this.Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    /// <summary>Reserves <paramref name="count"/> bytes at the end for a direct fill; call <see cref="Advance"/> after.</summary>
    public Memory<byte> GetWriteMemory(int count)
    {
        if (this.length + count > this.buffer.Length)
        {
            var bigger = this.pool.Rent(Math.Max(this.length + count, this.buffer.Length * 2));
            this.buffer.AsSpan(0, this.length).CopyTo(bigger);
            this.pool.Return(this.buffer);
            this.buffer = bigger;
        }

        return this.buffer.AsMemory(this.length, count);
    }

    public void Advance(int count)
    {
        this.length += count;
        this.position = this.length;
    }

    public override int Read(byte[] buffer, int offset, int count) => this.Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        int n = Math.Min(destination.Length, this.length - this.position);
        this.buffer.AsSpan(this.position, n).CopyTo(destination);
        this.position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(this.Read(destination.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(this.Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => this.position + offset,
            _ => this.length + offset,
        };
        this.Position = target;
        return this.position;
    }

    public override void SetLength(long value) => this.length = (int)Math.Clamp(value, 0, this.buffer.Length);

    public override void Flush()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && this.buffer.Length > 0)
        {
            this.pool.Return(this.buffer);
            this.buffer = [];
            this.length = 0;
            this.position = 0;
        }

        base.Dispose(disposing);
    }
}
