using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Runner.Hosting;

/// <summary>
/// At most N work items of one kind held at once: a slot is taken before a work item is fetched from the backend and
/// given back exactly once when the sidecar is done with it (completed, abandoned or released). A fetch waiting for a
/// slot resumes the moment one is given back.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "A SemaphoreSlim holds nothing to dispose unless its AvailableWaitHandle is used; the slots live as long as the runner.")]
internal sealed class WorkItemSlots(int limit)
{
    private readonly SemaphoreSlim free = new(limit, limit);
    private readonly ConcurrentDictionary<object, bool> held = new(ReferenceEqualityComparer.Instance);

    /// <summary>Work items currently holding a slot.</summary>
    public int Held => this.held.Count;

    /// <summary>Waits for a slot (up to <paramref name="timeout"/>), then fetches; null when no slot or no work item came.</summary>
    public async Task<T?> TakeAsync<T>(Func<Task<T?>> fetch, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(fetch);
        if (!await this.free.WaitAsync(timeout, cancellationToken))
        {
            return null;
        }

        T? item;
        try
        {
            item = await fetch();
        }
        catch
        {
            this.free.Release();
            throw;
        }

        if (item is null)
        {
            this.free.Release();
            return null;
        }

        this.held[item] = true;
        return item;
    }

    /// <summary>Gives the work item's slot back; a second call for the same work item does nothing.</summary>
    public void Return(object item)
    {
        if (this.held.TryRemove(item, out _))
        {
            this.free.Release();
        }
    }
}
