using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Orchestrator.Options;

/// <summary>Creates the service's tables at start (idempotent).</summary>
internal sealed class StorageInitializer(TableServiceClient tables, IOptions<StorageOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await tables.CreateTableIfNotExistsAsync(options.Value.DestinationsTable, cancellationToken);
        await tables.CreateTableIfNotExistsAsync(options.Value.RunsTable, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
