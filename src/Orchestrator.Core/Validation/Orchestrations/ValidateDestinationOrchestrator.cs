using Microsoft.DurableTask;
using Orchestrator.Destinations.Activities;
using Orchestrator.Destinations.Models;
using Orchestrator.Domain;
using Orchestrator.Runs;
using Orchestrator.Validation.Activities;
using Orchestrator.Validation.Models;

namespace Orchestrator.Validation.Orchestrations;

/// <summary>
/// "Test connection": runs the checks in order (credentials, bucket, region, list, put, get, multipart, delete), stops
/// at the first failure and marks the rest skipped, and always removes the probe object once a write was tried.
/// </summary>
public sealed class ValidateDestinationOrchestrator : TaskOrchestrator<DestinationValidationRequest, DestinationValidationReport>
{
    public override async Task<DestinationValidationReport> RunAsync(TaskOrchestrationContext context, DestinationValidationRequest input)
    {
        var options = RunRetryPolicies.ForValidation;
        var results = new List<CheckResult>();
        bool wroteProbe = false;
        Destination destination;
        try
        {
            // Read once: every check tests this snapshot, so an edit during the test never mixes two settings.
            destination = await context.CallActivityAsync<Destination>(
                nameof(ReadDestinationActivity), new DestinationReference(input.TenantId, input.DestinationId), options);
        }
        catch (TaskFailedException failure)
        {
            results.Add(CheckResult.Fail(DestinationChecks.InOrder[0], failure.FailureDetails.ErrorMessage, "NotFound", "Create the destination first (or fix the field named)."));
            results.AddRange(DestinationChecks.InOrder.Skip(1).Select(CheckResult.Skip));
            return new DestinationValidationReport(input.TenantId, input.DestinationId, false, results);
        }

        try
        {
            foreach (string check in DestinationChecks.InOrder)
            {
                if (results.Count > 0 && results[^1].Status != CheckStatus.Passed)
                {
                    results.Add(CheckResult.Skip(check));
                    continue;
                }

                wroteProbe |= check == DestinationChecks.PutObject;
                CheckResult result;
                try
                {
                    result = await context.CallActivityAsync<CheckResult>(
                        nameof(DestinationCheckActivity), new DestinationCheckInput(destination, check, context.InstanceId), options);
                }
                catch (TaskFailedException failure)
                {
                    result = CheckResult.Fail(check, failure.FailureDetails.ErrorMessage, "Unavailable", "The service could not be reached for about 90 s; try again later.");
                }

                results.Add(result);
                context.SetCustomStatus(results);
            }
        }
        finally
        {
            bool deleted = results.Exists(r => r.Name == DestinationChecks.DeleteObject && r.Status == CheckStatus.Passed);
            if (wroteProbe && !deleted)
            {
                try
                {
                    await context.CallActivityAsync<bool>(
                        nameof(DeleteProbeActivity), new DestinationCheckInput(destination, DestinationChecks.DeleteObject, context.InstanceId), options);
                }
                catch (TaskFailedException)
                {
                    // Best effort; the report says which check failed.
                }
            }
        }

        return new DestinationValidationReport(input.TenantId, input.DestinationId, results.TrueForAll(r => r.Status == CheckStatus.Passed), results);
    }
}
