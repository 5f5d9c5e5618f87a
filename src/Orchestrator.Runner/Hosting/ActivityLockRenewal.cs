using System.Collections.Concurrent;
using Azure;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Runner.Hosting;

/// <summary>
/// Keeps the lock of every activity work item that is running, as DurableTask.Core's own activity dispatcher does and
/// the gRPC sidecar's dispatcher does not: on the Azure Storage backend a dequeued work item is hidden for
/// <c>Runner:WorkItemVisibilityTimeout</c> only, and an activity running longer (a large part or import chunk on a slow
/// link) was delivered again while it still ran ("Work item queue message … is being processed multiple times
/// concurrently", then PopReceiptMismatch when it completed, and a second execution).
/// </summary>
/// <remarks>
/// The lock is renewed whenever half of it is left, until the work item is completed or abandoned; a failed renewal
/// is logged and tried again a second later. A work item whose lock never expires (the in-memory backend says
/// <see cref="DateTime.MaxValue"/>) gets no renewal. <see cref="StopAsync"/> waits for a renewal in flight, so the
/// backend never completes a work item while its message is being updated (both change the message's pop receipt); a
/// renewal that fails at that moment is logged, never thrown into the completion.
/// <para>
/// While a renewal is failing (the storage is down), the lock is in doubt: the message may become visible again, and
/// if this process dequeued it then, the backend would drop that delivery as a duplicate of the work item still
/// running, its dequeue would change the pop receipt, and from then on neither the renewal, the completion nor the
/// abandon of the running work item could succeed: the message would be dropped on every later delivery and the run
/// would wait forever (seen with Azurite restarted for longer than the visibility timeout). <see cref="InDoubt"/> lets
/// the service hold new activity locks back until the renewal succeeds again; a pop receipt that no longer matches
/// (another process took the message) ends the renewal.
/// </para>
/// </remarks>
internal sealed class ActivityLockRenewal(IOrchestrationService inner, ILogger logger, TimeProvider? clock = null) : IDisposable
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly TimeProvider time = clock ?? TimeProvider.System;
    private readonly ConcurrentDictionary<TaskActivityWorkItem, Renewal> running = new(ReferenceEqualityComparer.Instance);
    private long renewals;
    private int inDoubt;

    /// <summary>Successful renewals so far (all work items).</summary>
    public long Renewals => Interlocked.Read(ref this.renewals);

    /// <summary>Work items whose lock is being kept.</summary>
    public int Kept => this.running.Count;

    /// <summary>Whether a running work item's last renewal failed and has not succeeded since (its lock may have expired).</summary>
    public bool InDoubt => Volatile.Read(ref this.inDoubt) > 0;

    /// <summary>Starts keeping <paramref name="workItem"/>'s lock (nothing to do when it never expires).</summary>
    public void Start(TaskActivityWorkItem workItem)
    {
        if (workItem.LockedUntilUtc == DateTime.MaxValue)
        {
            return;
        }

        var stop = new CancellationTokenSource();
        var renewal = new Renewal(stop, this.KeepAsync(workItem, stop.Token));
        if (!this.running.TryAdd(workItem, renewal))
        {
            stop.Cancel();
            stop.Dispose();
        }
    }

    /// <summary>Stops keeping the lock and waits for a renewal in flight; safe to call more than once.</summary>
    public async Task StopAsync(TaskActivityWorkItem workItem)
    {
        if (!this.running.TryRemove(workItem, out var renewal))
        {
            return;
        }

        await renewal.Stop.CancelAsync();
        await renewal.Loop;
        renewal.Stop.Dispose();
    }

    public void Dispose()
    {
        foreach (var workItem in this.running.Keys)
        {
            if (this.running.TryRemove(workItem, out var renewal))
            {
                renewal.Stop.Cancel();
            }
        }
    }

    private async Task KeepAsync(TaskActivityWorkItem workItem, CancellationToken stop)
    {
        await Task.Yield();
        bool doubtful = false;
        try
        {
            while (true)
            {
                var left = workItem.LockedUntilUtc - this.time.GetUtcNow().UtcDateTime;
                await Task.Delay(left > TimeSpan.Zero && !doubtful ? left / 2 : TimeSpan.Zero, this.time, stop);
                try
                {
                    var renewed = await inner.RenewTaskActivityWorkItemLockAsync(workItem);
                    if (renewed.LockedUntilUtc <= this.time.GetUtcNow().UtcDateTime)
                    {
                        // The backend no longer knows the work item (it was completed or abandoned meanwhile).
                        return;
                    }

                    workItem.LockedUntilUtc = renewed.LockedUntilUtc;
                    Interlocked.Increment(ref this.renewals);
                    this.Trust(ref doubtful);
                }
                catch (Exception ex) when (!stop.IsCancellationRequested && IsLost(ex))
                {
                    RunnerLogs.ActivityLockLost(logger, workItem.Id, workItem.TaskMessage?.OrchestrationInstance?.InstanceId, ex.Message);
                    return;
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    RunnerLogs.ActivityLockRenewalFailed(logger, workItem.Id, workItem.TaskMessage?.OrchestrationInstance?.InstanceId, ex.Message);
                    if (!doubtful)
                    {
                        doubtful = true;
                        Interlocked.Increment(ref this.inDoubt);
                    }

                    await Task.Delay(RetryAfterFailure, this.time, stop);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Completed or abandoned while this renewal was in flight: the completion decides, not this renewal.
                    RunnerLogs.ActivityLockRenewalFailed(logger, workItem.Id, workItem.TaskMessage?.OrchestrationInstance?.InstanceId, ex.Message);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Completed or abandoned: the lock is no longer ours to keep.
        }
        finally
        {
            this.Trust(ref doubtful);
        }
    }

    private void Trust(ref bool doubtful)
    {
        if (doubtful)
        {
            doubtful = false;
            Interlocked.Decrement(ref this.inDoubt);
        }
    }

    /// <summary>The message was taken by another receiver (its pop receipt changed) or is gone: no renewal can succeed.</summary>
    private static bool IsLost(Exception ex)
    {
        for (var current = ex; current is not null; current = current.InnerException)
        {
            if (current is RequestFailedException { ErrorCode: "PopReceiptMismatch" } or RequestFailedException { Status: 404 })
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Renewal(CancellationTokenSource Stop, Task Loop);
}
