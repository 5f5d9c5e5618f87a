using Orchestrator.Imports.Attributes;

namespace Orchestrator.UnitTests.Imports.Attributes;

public sealed class InsertSplitTests
{
    private const string Write = "w-1";

    [Fact]
    public void Split_NoUserExists_CreatesAndCountsEveryUserInserted()
    {
        var (create, update, inserted) = InsertSplit.Split(["a", "b", "c"], new Dictionary<string, string?>(), Write);

        Assert.Equal(["a", "b", "c"], create);
        Assert.Empty(update);
        Assert.Equal(3, inserted);
    }

    [Fact]
    public void Split_UsersCreatedByOtherWritesOrWithoutId_UpdatesThemAndCountsThemUpdated()
    {
        var existing = new Dictionary<string, string?> { ["a"] = "older-write", ["b"] = null };

        var (create, update, inserted) = InsertSplit.Split(["a", "b", "c"], existing, Write);

        Assert.Equal(["c"], create);
        Assert.Equal(["a", "b"], update);
        Assert.Equal(1, inserted);
    }

    [Fact]
    public void Split_UserCreatedByAnEarlierAttemptOfThisWrite_UpdatesItButCountsItInserted()
    {
        // The first attempt's transaction landed but its answer was lost (or the worker died): the retry finds its own id.
        var existing = new Dictionary<string, string?> { ["a"] = Write, ["b"] = "older-write" };

        var (create, update, inserted) = InsertSplit.Split(["a", "b", "c"], existing, Write);

        Assert.Equal(["c"], create);
        Assert.Equal(["a", "b"], update);
        Assert.Equal(2, inserted);
    }

    [Fact]
    public void Split_UsersKnownOnlyInTheLegacyPartition_CreatesTheirShardRowsButCountsThemUpdated()
    {
        var existing = new Dictionary<string, string?> { ["b"] = Write };

        var (create, update, inserted) = InsertSplit.Split(["a", "b", "c"], existing, Write, new HashSet<string> { "a", "b" });

        Assert.Equal(["a", "c"], create);
        Assert.Equal(["b"], update);
        Assert.Equal(1, inserted);
    }

    [Fact]
    public void WriteIdOf_SameWriteAgain_SameShortId()
    {
        string first = InsertSplit.WriteIdOf("import:t:d:p", "attempt-1", "in/users.csv", 4096);
        string again = InsertSplit.WriteIdOf("import:t:d:p", "attempt-1", "in/users.csv", 4096);

        Assert.Equal(first, again);
        Assert.Equal(22, first.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", first);
    }

    [Theory]
    [InlineData("import:t:d:q", "attempt-1", "in/users.csv", 4096)]
    [InlineData("import:t:d:p", "attempt-2", "in/users.csv", 4096)]
    [InlineData("import:t:d:p", "attempt-1", "in/other.csv", 4096)]
    [InlineData("import:t:d:p", "attempt-1", "in/users.csv", 4097)]
    [InlineData("import:t:d:p\nattempt-1", "", "in/users.csv", 4096)]
    public void WriteIdOf_AnyPartDiffers_DifferentId(string runId, string attempt, string fileKey, long endOffset)
    {
        Assert.NotEqual(InsertSplit.WriteIdOf("import:t:d:p", "attempt-1", "in/users.csv", 4096), InsertSplit.WriteIdOf(runId, attempt, fileKey, endOffset));
    }
}
