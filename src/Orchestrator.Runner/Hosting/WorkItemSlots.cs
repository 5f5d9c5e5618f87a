using System.Collections.Concurrent;

namespace Orchestrator.Runner.Hosting;

/// <summary>
/// A limit on work items in flight that waits for a free slot (signalled, not polled) before an item is locked, and
/// frees an item's slot exactly once, whichever of complete, abandon or release reports it first.
/// </summary>
internal sealed class WorkItemSlots<T>(int limit) : IDisposable
    where T : class
{
    private readonly SemaphoreSlim free = new(limit, limit);
    private readonly ConcurrentDictionary<T, byte> held = new(ReferenceEqualityComparer.Instance);

    public int Limit => limit;

    /// <summary>Work items locked and not yet freed.</summary>
    public int InFlight => this.held.Count;

    /// <summary>Waits for a free slot, then locks the next item with <paramref name="lockNext"/> (null: none, slot freed).</summary>
    public async Task<T?> LockAsync(Func<Task<T?>> lockNext, CancellationToken cancellationToken)
    {
        try
        {
            await this.free.WaitAsync(cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            // A dispatcher still fetching after its host was disposed (shutdown): there is nothing left to lock.
            throw new OperationCanceledException("The runner is shutting down.", cancellationToken);
        }

        T? item;
        try
        {
            item = await lockNext();
        }
        catch
        {
            this.ReleaseSlot();
            throw;
        }

        if (item is null)
        {
            this.ReleaseSlot();
            return null;
        }

        this.held[item] = 0;
        return item;
    }

    /// <summary>Frees the slot of <paramref name="item"/>; later calls for the same item do nothing.</summary>
    public void Free(T item)
    {
        if (!this.held.TryRemove(item, out _))
        {
            return;
        }

        this.ReleaseSlot();
    }

    public void Dispose() => this.free.Dispose();

    private void ReleaseSlot()
    {
        try
        {
            this.free.Release();
        }
        catch (ObjectDisposedException)
        {
            // A work item (or a fetch) that ends after its host was disposed (shutdown): no one waits for its slot any more.
        }
    }
}
