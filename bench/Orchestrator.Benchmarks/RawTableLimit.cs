using System.Diagnostics;
using Azure.Data.Tables;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The limit for the import: the raw Azure.Data.Tables SDK doing nothing but batch transactions of 100 UpsertMerge
/// entities (one partition = the tenant) of the same rows and typed values the import stores, from entities built
/// before the clock starts (no file, no parsing). <c>parallel = 1</c> is what our store does (one transaction after
/// the other); more submits that many transactions at once.
/// </summary>
internal static class RawTableLimit
{
    public const int BatchSize = 100;

    public static async Task<TimeSpan> RunAsync(TableClient table, string tenant, int rows, int parallel)
    {
        var batches = new List<TableTransactionAction[]>((rows / BatchSize) + 1);
        for (int first = 1; first <= rows; first += BatchSize)
        {
            int count = Math.Min(BatchSize, rows - first + 1);
            var batch = new TableTransactionAction[count];
            for (int i = 0; i < count; i++)
            {
                batch[i] = new TableTransactionAction(TableTransactionActionType.UpsertMerge, AttributeData.Entity(tenant, first + i));
            }

            batches.Add(batch);
        }

        var clock = Stopwatch.StartNew();
        if (parallel <= 1)
        {
            foreach (var batch in batches)
            {
                await table.SubmitTransactionAsync(batch);
            }
        }
        else
        {
            await Parallel.ForEachAsync(
                batches,
                new ParallelOptions { MaxDegreeOfParallelism = parallel },
                async (batch, ct) => await table.SubmitTransactionAsync(batch, ct));
        }

        clock.Stop();
        return clock.Elapsed;
    }
}
