using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.Errors;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Imports;
using Orchestrator.Imports.Models;
using Orchestrator.Nightly.Models;
using Orchestrator.Options;

namespace Orchestrator.Nightly.Activities;

/// <summary>
/// Reads one page of scheduled destinations and lists the runs they need tonight, with their deterministic ids and the
/// day each export covers in the destination's time zone (<see cref="NightPeriods"/>).
/// </summary>
public sealed class ListScheduledDestinationsActivity(IDestinationStore destinations, IOptions<ImportOptions> imports) : TaskActivity<ListScheduledInput, ScheduledPage>
{
    public override async Task<ScheduledPage> RunAsync(TaskActivityContext context, ListScheduledInput input)
    {
        try
        {
            var (page, next) = await destinations.ListScheduledAsync(input.ContinuationToken, input.PageSize, CancellationToken.None);
            string importFolder = ImportNaming.Folder(imports.Value.DefaultPrefix);
            var runs = new List<ScheduledRun>();
            foreach (var d in page)
            {
                runs.AddRange(RunsOf(d, input, importFolder));
            }

            return new ScheduledPage(page.Count, runs, next);
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Reading scheduled destinations failed temporarily: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The runs one scheduled destination needs on the night <see cref="ListScheduledInput.Day"/>; its import reads
    /// <paramref name="importFolder"/>.
    /// </summary>
    public static IEnumerable<ScheduledRun> RunsOf(Destination d, ListScheduledInput input, string importFolder)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(input);
        var schedule = d.Schedule ?? throw new ArgumentException("The destination has no schedule.", nameof(d));
        // An unknown zone leaves the day to export unknown: the exports are listed for the night's own day, failed with the reason.
        bool known = ScheduleTimeZones.TryFind(schedule.TimeZone, out var zone);
        string? error = known ? null : $"The schedule's time zone '{schedule.TimeZone}' is not in this host's time-zone database, so the day to export is unknown; correct the destination's schedule.timeZone.";
        foreach (var period in known ? NightPeriods.Covered(input.Day, zone) : [input.Day])
        {
            foreach (string report in schedule.Reports)
            {
                yield return new ScheduledRun(d.TenantId, d.DestinationId, report, ExportNaming.InstanceId(new ExportRequest(d.TenantId, d.DestinationId, report, period)), period, error);
            }
        }

        if (schedule.Import)
        {
            // Every run of a night carries the night's day: the exports the local day they cover (the night's day in
            // UTC and zones ahead of it), the import the night's day itself.
            var import = new ImportRequest(d.TenantId, d.DestinationId, importFolder, input.Day, Force: false);
            yield return new ScheduledRun(d.TenantId, d.DestinationId, null, ImportNaming.InstanceId(import), import.RunDate, ImportFolder: import.Prefix);
        }
    }
}
