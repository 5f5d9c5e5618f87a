using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Errors;
using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Models;
using Orchestrator.Logging;
using Orchestrator.Options;

namespace Orchestrator.Imports.Activities;

/// <summary>
/// Decides a mirror run's sweep once, after every file landed: counts the source's users and those without the run's
/// mark, and refuses (naming the numbers) when removing them would exceed <c>Import:MirrorMaxDeleteShare</c>. Its
/// answer is recorded in the run's history, so a resumed run sweeps by the same decision.
/// </summary>
public sealed class PlanMirrorActivity(IAttributeStore store, IOptions<ImportOptions> options, ILogger<PlanMirrorActivity> logger) : TaskActivity<MirrorInput, MirrorPlan>
{
    public override async Task<MirrorPlan> RunAsync(TaskActivityContext context, MirrorInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        long users = 0;
        long unseen = 0;
        try
        {
            for (int shard = 0; shard < store.ShardCount; shard++)
            {
                var (shardUsers, shardUnseen) = await store.CountSourceAsync(input.Request.TenantId, shard, input.Request.DestinationId, input.Mark, CancellationToken.None);
                users += shardUsers;
                unseen += shardUnseen;
            }
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Counting the mirror's users failed temporarily: {ex.Message}", ex);
        }

        Log.MirrorPlanned(logger, unseen, users);
        double limit = options.Value.MirrorMaxDeleteShare;
        double share = users == 0 ? 0 : (double)unseen / users;
        string? refusal = share > limit
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"mirror would delete {unseen} of {users} users = {share * 100:0.0}% > {limit * 100:0.0}% (Import:MirrorMaxDeleteShare); nothing was deleted")
            : null;
        if (refusal is not null)
        {
            Log.MirrorRefused(logger, refusal);
        }

        return new MirrorPlan(store.ShardCount, users, unseen, refusal);
    }
}
