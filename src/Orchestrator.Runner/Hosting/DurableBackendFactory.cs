using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Runner.Hosting;

/// <summary>Creates the orchestration service (the "backend") the sidecar serves.</summary>
internal static class DurableBackendFactory
{
    public static DurableBackend Create(
        RunnerOptions options, string? storageConnectionString, ILoggerFactory loggerFactory)
    {
        IOrchestrationService inner;
        IOrchestrationServiceClient client;
        switch (options.Backend)
        {
            case DurableBackendKind.AzureStorage:
                {
                    string connection = options.DurableConnectionString ?? storageConnectionString
                        ?? throw new InvalidOperationException("Runner:DurableConnectionString or Storage:ConnectionString is required for the AzureStorage backend.");
                    var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
                    {
                        StorageAccountClientProvider = new StorageAccountClientProvider(connection),
                        TaskHubName = options.TaskHub,
                        LoggerFactory = loggerFactory,
                        MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
                        MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
                        WorkItemQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,
                        ControlQueueVisibilityTimeout = options.WorkItemVisibilityTimeout,
                        MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
                    });
                    inner = service;
                    client = service;
                    break;
                }

            default:
                {
                    var service = new InMemoryOrchestrationService(loggerFactory);
                    inner = service;
                    client = service;
                    break;
                }
        }

        return new DurableBackend(new TunedOrchestrationService(
            inner, options.MaxConcurrentActivities, options.MaxConcurrentOrchestrations, loggerFactory.CreateLogger<TunedOrchestrationService>()), client);
    }
}
