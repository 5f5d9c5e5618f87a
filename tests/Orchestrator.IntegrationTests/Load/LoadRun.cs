using Microsoft.DurableTask.Client;
using Orchestrator.Domain;

namespace Orchestrator.IntegrationTests.Load;

/// <summary>
/// One run of the load scenario: what was started (kind, destination, the id the HTTP starter answered), when the
/// starter accepted it (since the first request was sent), how long it took from sending the request to its
/// completion, and the finished orchestration.
/// </summary>
internal sealed record LoadRun(string Kind, Destination Destination, string InstanceId, TimeSpan Accepted, TimeSpan Elapsed, OrchestrationMetadata Run);
