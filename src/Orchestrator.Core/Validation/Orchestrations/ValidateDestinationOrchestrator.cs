using Microsoft.DurableTask;
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
                        nameof(DestinationCheckActivity), new DestinationCheckInput(input.TenantId, input.DestinationId, check, context.InstanceId), options);
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
                        nameof(DeleteProbeActivity), new DestinationCheckInput(input.TenantId, input.DestinationId, DestinationChecks.DeleteObject, context.InstanceId), options);
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
