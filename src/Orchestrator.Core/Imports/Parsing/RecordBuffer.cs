using System.Buffers;

namespace Orchestrator.Imports.Parsing;

/// <summary>
/// The pooled read window shared by the record readers: holds the bytes from the start of the current record to
/// what has been read so far, and knows the absolute offset of its first byte. It grows (doubling) only while a
/// single record does not fit, never beyond the reader's record limit, so memory stays bounded whatever the file.
/// </summary>
internal sealed class RecordBuffer : IDisposable
{
    private const int InitialSize = 64 * 1024;

    private readonly Stream stream;
    private readonly int maxSize;
    private byte[] buffer;
    private int start;
    private int end;
    private bool bomPending;

    public RecordBuffer(Stream stream, long startOffset, int maxRecordBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(startOffset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecordBytes);
        this.stream = stream;
        this.maxSize = maxRecordBytes;
        this.Offset = startOffset;
        this.bomPending = startOffset == 0;
        this.buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialSize, maxRecordBytes));
    }

    /// <summary>Absolute offset (in the uncompressed file) of the first buffered byte.</summary>
    public long Offset { get; private set; }

    /// <summary>True once the stream has returned 0.</summary>
    public bool IsEndOfStream { get; private set; }

    /// <summary>The bytes read but not yet consumed; the current record starts at index 0.</summary>
    public ReadOnlySpan<byte> Buffered => this.buffer.AsSpan(this.start, this.end - this.start);

    /// <summary>
    /// Skips a UTF-8 BOM once, at the very start of the file (offset 0) only; false while too few bytes are buffered
    /// to tell, true once settled.
    /// </summary>
    public bool TrySkipBom()
    {
        if (!this.bomPending)
        {
            return true;
        }

        var head = this.Buffered;
        if (head.Length < 3 && !this.IsEndOfStream)
        {
            return false;
        }

        if (head.StartsWith("\uFEFF"u8))
        {
            this.Consume(3);
        }

        this.bomPending = false;
        return true;
    }

    public int Length => this.end - this.start;

    /// <summary>The largest record the window can hold; a record that needs more is too large.</summary>
    public int MaxRecordBytes => this.maxSize;

    public void Consume(int count)
    {
        this.start += count;
        this.Offset += count;
        if (this.start == this.end)
        {
            this.start = 0;
            this.end = 0;
        }
    }

    /// <summary>
    /// Reads more bytes after the buffered ones, keeping the unconsumed bytes (their indices in
    /// <see cref="Buffered"/> do not change). Returns false at end of stream, or when the window already holds
    /// <see cref="MaxRecordBytes"/> unconsumed bytes and may not grow.
    /// </summary>
    public async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (this.IsEndOfStream || this.Length >= this.maxSize)
        {
            return false;
        }

        if (this.start > 0)
        {
            this.buffer.AsSpan(this.start, this.end - this.start).CopyTo(this.buffer);
            this.end -= this.start;
            this.start = 0;
        }

        if (this.end == this.buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)this.buffer.Length * 2, this.maxSize));
            this.buffer.AsSpan(0, this.end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(this.buffer);
            this.buffer = bigger;
        }

        int room = Math.Min(this.buffer.Length, this.maxSize) - this.end;
        int read = await this.stream.ReadAsync(this.buffer.AsMemory(this.end, room), cancellationToken);
        if (read == 0)
        {
            this.IsEndOfStream = true;
            return false;
        }

        this.end += read;
        return true;
    }

    public void Dispose()
    {
        if (this.buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(this.buffer);
            this.buffer = [];
            this.start = 0;
            this.end = 0;
        }
    }
}
