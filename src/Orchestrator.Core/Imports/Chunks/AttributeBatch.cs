using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Models;
using Orchestrator.Imports.Rejects;

namespace Orchestrator.Imports.Chunks;

/// <summary>
/// Good rows waiting to be merged and rejected rows waiting to be recorded, for one chunk of one file. A full batch
/// is stored in the background while the next one is parsed, so parsing and the store's work overlap; at most one
/// store call is in flight, so a user who appears in two consecutive batches is merged in file order. After each
/// batch is stored, <paramref name="committed"/> (when given) hears the position just after the batch's last record
/// and the counts up to it: a checkpoint a retry can resume from. At most <paramref name="rejectionsToStore"/>
/// rejections are stored (the rest are counted only), so a file of a million bad rows cannot fill the reject store.
/// Rows marked <see cref="UserAttributes.Delete"/> remove their user; within a batch the file's order decides (a user
/// deleted and then listed again ends with only the values listed after the delete). With <paramref name="source"/>
/// and <paramref name="mark"/> every stored row carries both (the mirror sweep selects by them). Each store call is
/// named by the run, the file's <paramref name="attempt"/> and where its last record ends, so the store tells the rows
/// that created a user (<see cref="Inserted"/>) from those that updated one, also when the call is made again.
/// </summary>
internal sealed class AttributeBatch(
    IAttributeStore store,
    IImportRejectStore rejectStore,
    string runId,
    string tenantId,
    string fileKey,
    long rejectionsToStore = long.MaxValue,
    Func<BatchCommit, CancellationToken, Task>? committed = null,
    string? source = null,
    string? mark = null,
    string? attempt = null) : IAsyncDisposable
{
    /// <summary>
    /// Rows merged per store call: the store splits them into 100-entity transactions, several in flight, so a call
    /// keeps them busy in full waves (20 transactions in waves of 4).
    /// </summary>
    public const int BatchRows = 2000;

    private List<(long Line, UserAttributes Row)> rows = [];
    private List<ImportRejection> rejected = [];
    private Task storing = Task.CompletedTask;
    private long rejectedWhileParsing;
    private long rejectedByStore;
    private readonly Lock keeping = new();
    private long rejectionsKept;
    private (long Offset, long Line) position;

    /// <summary>Rows the store has merged so far.</summary>
    public long Imported { get; private set; }

    /// <summary>Of <see cref="Imported"/>, the rows that created their user; the rest updated an existing one.</summary>
    public long Inserted { get; private set; }

    /// <summary>Of <see cref="Imported"/>, the rows that updated an existing user (a user listed twice: created once, then updated).</summary>
    public long Updated => this.Imported - this.Inserted;

    /// <summary>Users the store has removed so far (each counted once: a user already gone is not counted).</summary>
    public long Deleted { get; private set; }

    /// <summary>Rows rejected so far, while parsing or by the store.</summary>
    public long Rejected => this.rejectedWhileParsing + this.rejectedByStore;

    /// <summary>Rejections counted but not stored (beyond the cap).</summary>
    public long RejectionsNotStored => Math.Max(0, this.Rejected - this.rejectionsKept);

    public void Add(long line, UserAttributes row) => this.rows.Add((line, row));

    public void Reject(long line, string reason)
    {
        if (this.Keep())
        {
            this.rejected.Add(new ImportRejection(fileKey, line, reason));
        }

        this.rejectedWhileParsing++;
    }

    /// <summary>The record boundary after the last record added: where a resume after the next commit starts.</summary>
    public void MoveTo(long offset, long line) => this.position = (offset, line);

    /// <summary>Hands a full batch to the store (after the previous one is stored) and returns without waiting for it.</summary>
    public async Task FlushIfFullAsync(CancellationToken cancellationToken)
    {
        if (this.rows.Count >= BatchRows || this.rejected.Count >= BatchRows)
        {
            await this.storing;
            this.storing = this.StoreAsync(this.TakeRows(), this.TakeRejected(), this.position, this.rejectedWhileParsing, cancellationToken);
        }
    }

    /// <summary>Stores everything still waiting; the batch is then fully stored.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await this.storing;
        this.storing = Task.CompletedTask;
        await this.StoreAsync(this.TakeRows(), this.TakeRejected(), this.position, this.rejectedWhileParsing, cancellationToken);
    }

    /// <summary>On failure, lets a store call still in flight finish before the activity reports (its own failure wins).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await this.storing;
        }
        catch (Exception)
        {
            // Already failing: the exception that ended parsing is the one reported; a retry re-applies both.
        }
    }

    /// <summary>Whether one more rejection may be stored (the parser and the store's answers share the cap).</summary>
    private bool Keep()
    {
        lock (this.keeping)
        {
            if (this.rejectionsKept >= rejectionsToStore)
            {
                return false;
            }

            this.rejectionsKept++;
            return true;
        }
    }

    private List<(long Line, UserAttributes Row)> TakeRows()
    {
        var taken = this.rows;
        this.rows = [];
        return taken;
    }

    private List<ImportRejection> TakeRejected()
    {
        var taken = this.rejected;
        this.rejected = [];
        return taken;
    }

    private async Task StoreAsync(
        List<(long Line, UserAttributes Row)> batch, List<ImportRejection> rejections, (long Offset, long Line) end, long rejectedWhileParsing, CancellationToken cancellationToken)
    {
        if (batch.Any(r => r.Row.Delete))
        {
            // Deletes first, then the rows listed after each user's last delete: the file's order decides.
            var lastDelete = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < batch.Count; i++)
            {
                if (batch[i].Row.Delete)
                {
                    lastDelete[batch[i].Row.UserId] = i;
                }
            }

            this.Deleted += await store.DeleteAsync(tenantId, [.. lastDelete.Keys], cancellationToken);
            batch = [.. batch.Where((r, i) => !r.Row.Delete && (!lastDelete.TryGetValue(r.Row.UserId, out int at) || i > at))];
        }

        if (source is not null && mark is not null)
        {
            batch = [.. batch.Select(r => (r.Line, r.Row with { Values = Marked(r.Row.Values) }))];
        }

        if (batch.Count > 0)
        {
            string writeId = InsertSplit.WriteIdOf(runId, attempt ?? mark ?? string.Empty, fileKey, end.Offset);
            var outcome = await store.UpsertAsync(tenantId, [.. batch.Select(r => r.Row)], writeId, cancellationToken);
            var failures = outcome.Failures;
            foreach (var (row, reason) in failures)
            {
                long line = batch.First(r => ReferenceEquals(r.Row, row)).Line;
                if (this.Keep())
                {
                    rejections.Add(new ImportRejection(fileKey, line, reason));
                }
            }

            this.rejectedByStore += failures.Count;
            this.Imported += batch.Count - failures.Count;
            this.Inserted += outcome.Inserted;
        }

        if (rejections.Count > 0)
        {
            await rejectStore.AddAsync(runId, rejections, cancellationToken);
        }

        if (committed is not null && (batch.Count > 0 || rejections.Count > 0 || rejectedWhileParsing > 0 || this.Deleted > 0))
        {
            await committed(new BatchCommit(end.Offset, end.Line, this.Imported, rejectedWhileParsing + this.rejectedByStore, this.Deleted, this.Inserted), cancellationToken);
        }
    }

    private Dictionary<string, object> Marked(IReadOnlyDictionary<string, object> values) => new(values, StringComparer.Ordinal)
    {
        [AttributeColumns.SourceName] = source!,
        [AttributeColumns.SeenName] = mark!,
    };
}
