using Microsoft.Extensions.Options;
using Orchestrator.Domain;
using Orchestrator.Errors;
using Orchestrator.Options;
using Orchestrator.Runs;

namespace Orchestrator.Destinations;

/// <summary>Loads a destination for an activity and checks that it is usable; permanent errors name the problem.</summary>
public sealed class DestinationResolver(IDestinationStore store, IOptions<S3Options> s3Options, IOptions<StsOptions> stsOptions)
{
    private readonly RoleArnPolicy rolePolicy = RoleArnPolicies.From(s3Options.Value, stsOptions.Value);

    public async Task<Destination> ResolveAsync(string tenantId, string destinationId, CancellationToken cancellationToken)
    {
        Destination? destination;
        try
        {
            destination = await store.GetAsync(tenantId, destinationId, cancellationToken);
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Reading destination '{destinationId}' failed temporarily: {ex.Message}", ex);
        }

        if (destination is null)
        {
            throw new PermanentRunException($"Destination '{destinationId}' does not exist for tenant '{tenantId}'.");
        }

        var problems = DestinationRules.Validate(destination, this.rolePolicy);
        if (problems.Count > 0)
        {
            throw new PermanentRunException(
                $"Destination '{destinationId}' is not usable: " + string.Join("; ", problems.Select(p => $"{p.Key} {p.Value}")));
        }

        return destination;
    }
}
