namespace Orchestrator.Runner.Hosting;

/// <summary>Which Durable Task backend the local runner uses.</summary>
public enum DurableBackendKind
{
    /// <summary>In-memory: fast, nothing survives the process (the default).</summary>
    InMemory = 0,

    /// <summary>Azure Storage (Azurite or a real account): the engine behind Durable Functions' default backend; runs survive restarts.</summary>
    AzureStorage = 1,
}
