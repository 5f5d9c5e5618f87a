using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Orchestrator.Errors;
using Orchestrator.Logging;

namespace Orchestrator.Imports.Counts;

/// <summary>Makes a finished count the served snapshot (unless a newer count already is) and removes the one it replaces.</summary>
public sealed class PublishAttributeCountsActivity(IAttributeCountStore counts, ILogger<PublishAttributeCountsActivity> logger)
    : TaskActivity<PublishAttributeCountsInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, PublishAttributeCountsInput input)
    {
        try
        {
            string? newer = await counts.PublishAsync(input.TenantId, input.CountId, input.AsOf, input.Users, input.Attributes, input.Generation, CancellationToken.None);
            if (newer is not null)
            {
                Log.AttributeCountsSuperseded(logger, input.CountId, newer);
                return false;
            }

            Log.AttributeCountsPublished(logger, input.CountId, input.Users, input.AsOf);
            return true;
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Publishing the attribute counts failed temporarily: {ex.Message}", ex);
        }
    }
}
