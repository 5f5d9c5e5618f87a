using System.Buffers;

namespace Orchestrator.Buffers;

/// <summary>
/// Where part buffers come from. Not <see cref="ArrayPool{T}.Shared"/>: its per-thread caches strand a returned
/// 16 MiB array on whichever thread-pool thread returned it, so a long export kept allocating new part buffers and its
/// peak memory grew with the report's size. This pool is shared by all threads and keeps at most
/// <see cref="MaxRetainedPerSize"/> arrays of each size (the default activity concurrency of both hosts), so its memory
/// settles at part size x parts in flight whatever the report's size.
/// </summary>
internal static class PartBufferPool
{
    public const int MaxRetainedPerSize = 16;

    public static ArrayPool<byte> Instance { get; } = ArrayPool<byte>.Create(maxArrayLength: 1024 * 1024 * 1024, maxArraysPerBucket: MaxRetainedPerSize);
}
