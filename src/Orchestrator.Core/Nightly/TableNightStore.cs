using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Orchestrator.Nightly.Models;

namespace Orchestrator.Nightly;

/// <summary>Night summaries in Table Storage: PartitionKey "night", RowKey yyyy-MM-dd; failures as JSON.</summary>
public sealed class TableNightStore(TableClient table) : INightStore
{
    private const string Partition = "night";

    public async Task UpsertAsync(NightSummary summary, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(
            new TableEntity(Partition, summary.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            {
                [nameof(NightSummary.Destinations)] = summary.Destinations,
                [nameof(NightSummary.Started)] = summary.Started,
                [nameof(NightSummary.Succeeded)] = summary.Succeeded,
                [nameof(NightSummary.Failed)] = summary.Failed,
                [nameof(NightSummary.PartiallySucceeded)] = summary.PartiallySucceeded,
                [nameof(NightSummary.Skipped)] = summary.Skipped,
                [nameof(NightSummary.Finished)] = summary.Finished,
                [nameof(NightSummary.Failures)] = JsonSerializer.Serialize(summary.Failures),
            },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task<NightSummary?> GetAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } e)
        {
            return null;
        }

        return new NightSummary(
            day,
            e.GetInt32(nameof(NightSummary.Destinations)) ?? 0,
            e.GetInt32(nameof(NightSummary.Started)) ?? 0,
            e.GetInt32(nameof(NightSummary.Succeeded)) ?? 0,
            e.GetInt32(nameof(NightSummary.Failed)) ?? 0,
            e.GetInt32(nameof(NightSummary.Skipped)) ?? 0,
            JsonSerializer.Deserialize<List<NightFailure>>(e.GetString(nameof(NightSummary.Failures)) ?? "[]") ?? [],
            e.GetBoolean(nameof(NightSummary.Finished)) ?? false,
            e.GetInt32(nameof(NightSummary.PartiallySucceeded)) ?? 0);
    }
}
