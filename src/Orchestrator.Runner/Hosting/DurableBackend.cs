using DurableTask.Core;

namespace Orchestrator.Runner.Hosting;

/// <summary>The orchestration service the sidecar dispatches from, and the client side of the same backend.</summary>
internal sealed record DurableBackend(IOrchestrationService Service, IOrchestrationServiceClient Client);
