using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Chunks;
using Orchestrator.Imports.Models;

namespace Orchestrator.UnitTests.Imports.Chunks;

public sealed class AttributeBatchTests
{
    private readonly RecordingAttributeStore store = new();
    private readonly RecordingRejectStore rejects = new();

    [Fact]
    public async Task FlushAsync_4500Rows_StoresBatchesOf2000InFileOrderAndTheLastPartialBatch()
    {
        await using (var batch = this.NewBatch())
        {
            for (int i = 1; i <= 4500; i++)
            {
                batch.Add(i, Row("u" + i));
                await batch.FlushIfFullAsync(CancellationToken.None);
            }

            await batch.FlushAsync(CancellationToken.None);
            Assert.Equal(4500, batch.Imported);
            Assert.Equal(0, batch.Rejected);
        }

        Assert.Equal([2000, 2000, 500], this.store.Calls.Select(c => c.Count));
        Assert.Equal(Enumerable.Range(1, 4500).Select(i => "u" + i), this.store.Calls.SelectMany(c => c).Select(r => r.UserId));
        Assert.Equal(1, this.store.MaxInFlight);
    }

    [Fact]
    public async Task FlushIfFullAsync_FewerThan2000Rows_StoresNothingYet()
    {
        await using var batch = this.NewBatch();
        for (int i = 1; i <= 1999; i++)
        {
            batch.Add(i, Row("u" + i));
            await batch.FlushIfFullAsync(CancellationToken.None);
        }

        Assert.Empty(this.store.Calls);
        await batch.FlushAsync(CancellationToken.None);
        Assert.Equal(1999, Assert.Single(this.store.Calls).Count);
    }

    [Fact]
    public async Task FlushIfFullAsync_FullBatch_ReturnsWhileTheStoreCallIsInFlightAndWaitsForItBeforeTheNext()
    {
        this.store.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var batch = this.NewBatch();
        for (int i = 1; i <= 2000; i++)
        {
            batch.Add(i, Row("u" + i));
        }

        var first = batch.FlushIfFullAsync(CancellationToken.None);
        Assert.True(first.IsCompletedSuccessfully);
        Assert.Single(this.store.Calls);

        for (int i = 2001; i <= 4000; i++)
        {
            batch.Add(i, Row("u" + i));
        }

        var second = batch.FlushIfFullAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);
        Assert.Single(this.store.Calls);

        this.store.Gate.SetResult();
        await second;
        await batch.FlushAsync(CancellationToken.None);
        Assert.Equal(2, this.store.Calls.Count);
        Assert.Equal(4000, batch.Imported);
        Assert.Equal(1, this.store.MaxInFlight);
    }

    [Fact]
    public async Task FlushAsync_RowsRejectedWhileParsingAndByTheStore_RecordsBothWithTheirLines()
    {
        await using var batch = this.NewBatch();
        batch.Add(2, Row("u1"));
        batch.Reject(3, "wrong column count: expected 2, got 3");
        batch.Add(4, Row("bad-1"));
        batch.Add(5, Row("u2"));
        await batch.FlushAsync(CancellationToken.None);

        Assert.Equal(2, batch.Imported);
        Assert.Equal(2, batch.Rejected);
        Assert.Equal(
            [
                ("run-1", new ImportRejection("in/a.csv", 3, "wrong column count: expected 2, got 3")),
                ("run-1", new ImportRejection("in/a.csv", 4, "refused by the store")),
            ],
            this.rejects.Added);
    }

    [Fact]
    public async Task FlushIfFullAsync_2000Rejections_RecordsThemWithoutWaitingForRows()
    {
        await using var batch = this.NewBatch();
        for (int i = 1; i <= 2000; i++)
        {
            batch.Reject(i, "bad");
            await batch.FlushIfFullAsync(CancellationToken.None);
        }

        Assert.Equal(2000, this.rejects.Added.Count);
        Assert.Empty(this.store.Calls);
    }

    [Fact]
    public async Task FlushAsync_DeletesAmongRows_FileOrderDecides_AndMarksOnlyStoredRows()
    {
        await using (var batch = new AttributeBatch(this.store, this.rejects, "run-1", "tenant-1", "in/a.csv", source: "dest-1", mark: "m1"))
        {
            batch.Add(1, Row("a"));
            batch.Add(2, Row("a") with { Delete = true });
            batch.Add(3, Row("b") with { Delete = true });
            batch.Add(4, Row("b"));
            batch.Add(5, Row("c"));
            await batch.FlushAsync(CancellationToken.None);
            Assert.Equal(2, batch.Deleted);
            Assert.Equal(2, batch.Imported);
        }

        Assert.Equal(["a", "b"], this.store.Deleted.Order(StringComparer.Ordinal));
        var stored = Assert.Single(this.store.Calls);
        Assert.Equal(["b", "c"], stored.Select(r => r.UserId));
        Assert.All(stored, r => Assert.Equal(("dest-1", "m1"), ((string)r.Values["_source"], (string)r.Values["_seen"])));
    }

    [Fact]
    public async Task FlushAsync_NewUsersThenARunWithHalfOfThemAgain_SplitsInsertedAndUpdatedExactly()
    {
        await using (var first = this.NewBatch())
        {
            await AddAndFlushAsync(first, Enumerable.Range(0, 3000).Select(i => "u" + i));
            Assert.Equal((3000L, 3000L, 0L), (first.Imported, first.Inserted, first.Updated));
        }

        await using var second = new AttributeBatch(this.store, this.rejects, "run-2", "tenant-1", "in/a.csv", attempt: "attempt-2");
        await AddAndFlushAsync(second, Enumerable.Range(1500, 3000).Select(i => "u" + i));

        Assert.Equal((3000L, 1500L, 1500L), (second.Imported, second.Inserted, second.Updated));
    }

    [Fact]
    public async Task FlushAsync_SameChunkRunAgainAfterItsWritesLanded_SameWriteIdsAndStillCountedInserted()
    {
        var users = Enumerable.Range(0, 4500).Select(i => "u" + i).ToList();
        await using (var attempt1 = new AttributeBatch(this.store, this.rejects, "run-1", "tenant-1", "in/a.csv", attempt: "a-1"))
        {
            await AddAndFlushAsync(attempt1, users);
        }

        // The activity is retried (its answer was lost): the same records, the same batches, the same write ids.
        await using var attempt2 = new AttributeBatch(this.store, this.rejects, "run-1", "tenant-1", "in/a.csv", attempt: "a-1");
        await AddAndFlushAsync(attempt2, users);

        Assert.Equal(this.store.WriteIds[..3], this.store.WriteIds[3..]);
        Assert.Equal(3, this.store.WriteIds.Distinct().Count());
        Assert.Equal((4500L, 4500L, 0L), (attempt2.Imported, attempt2.Inserted, attempt2.Updated));
    }

    [Fact]
    public async Task FlushAsync_UserListedTwiceInTheFile_OneInsertOneUpdateAndTheCommitCarriesTheSplit()
    {
        var commits = new List<BatchCommit>();
        await using var batch = new AttributeBatch(
            this.store, this.rejects, "run-1", "tenant-1", "in/a.csv", committed: (c, _) => { commits.Add(c); return Task.CompletedTask; }, attempt: "a-1");
        await AddAndFlushAsync(batch, Enumerable.Range(0, 2000).Select(i => "u" + i).Append("u7").Append("bad-1"));

        Assert.Equal((2001L, 2000L, 1L, 1L), (batch.Imported, batch.Inserted, batch.Updated, batch.Rejected));
        Assert.Equal([2000L, 2000L], commits.Select(c => c.Inserted));
        Assert.Equal([2000L, 2001L], commits.Select(c => c.Imported));
    }

    private static async Task AddAndFlushAsync(AttributeBatch batch, IEnumerable<string> users)
    {
        long line = 1;
        foreach (string user in users)
        {
            batch.Add(++line, Row(user));
            batch.MoveTo(line * 10, line + 1);
            await batch.FlushIfFullAsync(CancellationToken.None);
        }

        await batch.FlushAsync(CancellationToken.None);
    }

    private static UserAttributes Row(string userId) => new(userId, new Dictionary<string, object> { ["plan"] = "gold" });

    private AttributeBatch NewBatch() => new(this.store, this.rejects, "run-1", "tenant-1", "in/a.csv");
}
