using System.Globalization;
using Amazon.S3.Model;
using Microsoft.DurableTask.Client;
using Orchestrator.Domain;
using Orchestrator.Imports;
using Orchestrator.Imports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.Faults;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests.Reliability;

/// <summary>
/// The destination's access key is revoked at radosgw (radosgw-admin key rm) between two chunks of an import. The
/// run must fail within a bounded time naming the S3 error, without a retry storm (ranged GETs counted at the proxy);
/// the rows of the chunks already done stay, exactly once and exact; the file is not entered in the ledger, so once
/// the key is back the next run imports the whole file again and the table ends with every row exactly once.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ImportCredentialRevocationTests(ServersFixture servers, ITestOutputHelper output)
{
    private const int Users = 30_000;
    private const int Padding = 60;

    [Fact]
    public async Task Import_AccessKeyRevokedBetweenChunks_FailsFastKeepsExactRowsAndTheNextRunCompletesTheFile()
    {
        using var user = await RevocableS3User.CreateAsync(servers, "imprevoke");
        string bucket = "imprevoke-" + Guid.NewGuid().ToString("N")[..10];
        await user.Owner.PutBucketAsync(bucket);

        await using var proxy = TcpFaultProxy.Start(servers.S3Endpoint);
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["S3:ServiceUrl"] = proxy.Url.ToString(),
            ["Import:ChunkMiB"] = "1",
        });
        var destination = await user.AddDestinationAsync(runner, "dest-imprevoke", bucket, "revoked import");
        byte[] file = AttributeFile.Csv(Users, Padding);
        using (var body = new MemoryStream(file))
        {
            await user.Owner.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = BucketPath.Combine(destination.BucketPath, AttributeFile.Key), InputStream = body });
        }

        // Hold the network at the 2nd chunk's ranged GET long enough to revoke the key: the held GET reaches radosgw after it.
        proxy.BlackholeOnRequest(r => r.IsRangedGet, 2, TimeSpan.FromSeconds(4));
        var day = new DateOnly(2026, 11, 24);
        var outcome = await runner.Imports.StartAsync(runner.Client, new ImportRequest(runner.Tenant, destination.DestinationId, "attributes/", day, Force: false), CancellationToken.None);
        var (run, revokedAt, failedAfter) = await user.RevokeDuringHoldAsync(proxy, runner, outcome.InstanceId);
        string error = run.FailureDetails?.ErrorMessage ?? string.Empty;

        var afterRevocation = UploadTraffic.Since(proxy, revokedAt).Requests;
        var getAttempts = afterRevocation.Where(r => r.IsRangedGet).GroupBy(r => r.Range).ToDictionary(g => g.Key!, g => g.Count());
        Assert.NotEmpty(getAttempts);
        Assert.All(getAttempts, g => Assert.True(g.Value < 3, $"range {g.Key} was requested {g.Value} times after the revocation: {string.Join(", ", afterRevocation.Select(r => r.Method + " " + r.Target + " " + r.Range))}"));
        Assert.True(afterRevocation.Count < 10, $"{afterRevocation.Count} requests after the revocation is a retry storm");

        // The first chunk's rows are stored, each once and exact; the record says how many and why the run failed.
        long storedAfterFailure = await AttributeFile.AssertRowsAsync(servers.StorageConnectionString, runner.Tenant, Padding);
        Assert.InRange(storedAfterFailure, 1, Users - 1);
        var record = await ScenarioInvariants.RunRecordAsync(servers, runner.Tenant, run.InstanceId);
        Assert.Equal("Failed", record.GetString("Status"));
        Assert.Equal(storedAfterFailure, record.GetInt64("Rows"));
        RevocableS3User.AssertAccessError(record.GetString("Error"));

        // The key comes back (the customer fixes it): the next day's run must not take the file for imported.
        await user.RestoreAsync();
        var next = await runner.Imports.StartAsync(runner.Client, new ImportRequest(runner.Tenant, destination.DestinationId, "attributes/", day.AddDays(1), Force: false), CancellationToken.None);
        var rerun = await runner.WaitAsync(next.InstanceId, TimeSpan.FromMinutes(2));
        Assert.True(rerun.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{rerun.RuntimeStatus}: {rerun.FailureDetails?.ErrorMessage}");
        var result = rerun.ReadOutputAs<ImportResult>()!;
        Assert.Equal((1, 1, 0, 0), (result.FilesSeen, result.FilesImported, result.FilesSkipped, result.FilesFailed));
        Assert.Equal(Users, result.RowsImported);
        long stored = await AttributeFile.AssertRowsAsync(servers.StorageConnectionString, runner.Tenant, Padding);
        Assert.Equal(Users, stored);

        int scanned = await ScenarioInvariants.AssertNoSecretsAsync(servers, runner, secrets: user.Secrets);
        ReliabilitySupport.Report(
            output,
            "import-credentials-revoked",
            string.Create(CultureInfo.InvariantCulture, $"failedAfter={failedAfter.TotalSeconds:F1}s requestsAfterRevocation={afterRevocation.Count} maxAttemptsPerRange={getAttempts.Values.Max()} rowsKept={storedAfterFailure} rerunRows={stored} secretScan={scanned} places; dataLost=0 error=\"{error}\""));
    }
}
