using Microsoft.DurableTask;
using Orchestrator.Destinations;
using Orchestrator.Errors;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Imports;
using Orchestrator.Imports.Models;
using Orchestrator.Nightly.Models;

namespace Orchestrator.Nightly.Activities;

/// <summary>Reads one page of scheduled destinations and lists the runs they need tonight (with their deterministic ids).</summary>
public sealed class ListScheduledDestinationsActivity(IDestinationStore destinations) : TaskActivity<ListScheduledInput, ScheduledPage>
{
    public override async Task<ScheduledPage> RunAsync(TaskActivityContext context, ListScheduledInput input)
    {
        try
        {
            var (page, next) = await destinations.ListScheduledAsync(input.ContinuationToken, input.PageSize, CancellationToken.None);
            var runs = new List<ScheduledRun>();
            foreach (var d in page)
            {
                foreach (string report in d.Schedule!.Reports)
                {
                    runs.Add(new ScheduledRun(d.TenantId, d.DestinationId, report, ExportNaming.InstanceId(new ExportRequest(d.TenantId, d.DestinationId, report, input.Day))));
                }

                if (d.Schedule.Import)
                {
                    var import = new ImportRequest(d.TenantId, d.DestinationId, input.ImportPrefix, input.Day.AddDays(1), Force: false);
                    runs.Add(new ScheduledRun(d.TenantId, d.DestinationId, null, ImportNaming.InstanceId(import)));
                }
            }

            return new ScheduledPage(page.Count, runs, next);
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Reading scheduled destinations failed temporarily: {ex.Message}", ex);
        }
    }
}
