using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Xunit;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// Reads what a storage account holds (table rows, blobs gzip-decompressed where compressed, queue messages) as
/// text, and asserts that no secret value appears in it or in any other text a test collected (logs, responses).
/// Used by the secret hygiene test and after the reliability scenarios on the persistent backend.
/// </summary>
public static class SecretScan
{
    /// <summary>
    /// Every table row, blob and queue message of the account, or, when <paramref name="scope"/> is given, of the
    /// task hub's tables, containers and queues plus the tenant's rows of every other table.
    /// </summary>
    public static async Task<List<(string Where, string Text)>> ReadStorageAsync(string connectionString, ScanScope? scope = null)
    {
        var found = new List<(string, string)>();
        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync())
        {
            bool hubTable = scope is null || table.Name.StartsWith(scope.TaskHub, StringComparison.OrdinalIgnoreCase);
            if (!hubTable && scope!.Tenant is null)
            {
                continue;
            }

            var client = tables.GetTableClient(table.Name);
            var rows = hubTable ? client.QueryAsync<TableEntity>() : client.QueryAsync<TableEntity>(e => e.PartitionKey == scope!.Tenant);
            var text = new StringBuilder();
            await foreach (var entity in rows)
            {
                foreach (var (key, value) in entity)
                {
                    text.Append(key).Append('=').Append(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : value).Append('\n');
                }
            }

            found.Add(($"table {table.Name}", text.ToString()));
        }

        var blobs = new BlobServiceClient(connectionString);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            if (scope is not null && !container.Name.StartsWith(scope.TaskHub, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                byte[] content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
                if (content.Length > 2 && content[0] == 0x1F && content[1] == 0x8B)
                {
                    using var gzip = new GZipStream(new MemoryStream(content), CompressionMode.Decompress);
                    using var plain = new MemoryStream();
                    await gzip.CopyToAsync(plain);
                    content = plain.ToArray();
                }

                found.Add(($"blob {container.Name}/{blob.Name}", Encoding.UTF8.GetString(content)));
            }
        }

        var queues = new QueueServiceClient(connectionString);
        await foreach (var queue in queues.GetQueuesAsync())
        {
            if (scope is not null && !queue.Name.StartsWith(scope.TaskHub, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var messages = await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32);
            found.Add(($"queue {queue.Name}", string.Join('\n', messages.Value.Select(m => m.Body.ToString()))));
        }

        return found;
    }

    /// <summary>Fails naming the secret and the place when any needle occurs in any haystack.</summary>
    public static void AssertNoSecrets(IEnumerable<(string What, string Value)> needles, IEnumerable<(string Where, string Text)> haystacks)
    {
        var values = needles.Where(n => !string.IsNullOrEmpty(n.Value)).ToList();
        Assert.NotEmpty(values);
        foreach (var (where, text) in haystacks)
        {
            foreach (var (what, value) in values)
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"The {what} leaked into {where}.");
            }
        }
    }
}
