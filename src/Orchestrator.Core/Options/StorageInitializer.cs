using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Orchestrator.Options;

/// <summary>Creates the service's tables at start (idempotent).</summary>
internal sealed class StorageInitializer(TableServiceClient tables, IOptions<StorageOptions> options, IOptions<ImportOptions> imports) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await tables.CreateTableIfNotExistsAsync(options.Value.DestinationsTable, cancellationToken);
        await tables.CreateTableIfNotExistsAsync(options.Value.RunsTable, cancellationToken);
        await tables.CreateTableIfNotExistsAsync(imports.Value.AttributesTable, cancellationToken);
        await tables.CreateTableIfNotExistsAsync(imports.Value.CountsTable, cancellationToken);
        await tables.CreateTableIfNotExistsAsync(imports.Value.LedgerTable, cancellationToken);
        await tables.CreateTableIfNotExistsAsync(imports.Value.RejectsTable, cancellationToken);
        await tables.CreateTableIfNotExistsAsync(imports.Value.CheckpointsTable, cancellationToken);
        await tables.CreateTableIfNotExistsAsync(options.Value.NightsTable, cancellationToken);
        await tables.CreateTableIfNotExistsAsync(options.Value.RunExecutionsTable, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
