using System.Text;
using Amazon.S3.Model;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain;
using Orchestrator.Exports.Formats;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Reports;
using Orchestrator.Runner.Cli;
using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.IntegrationTests.Exports.Lake;

/// <summary>
/// Issue 15 item 1 through the runner: the <c>sessions</c> report served by the file source (<c>Reports:Source
/// LocalFile</c>) without its declared <c>revenue</c> column fails the run with a reason naming the column, and
/// nothing lands in the bucket (no object, no multipart upload), whatever the format.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class LakeMissingColumnTests(ServersFixture servers) : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("lake-missing-").FullName;

    public void Dispose() => Directory.Delete(this.directory, recursive: true);

    [Theory]
    [InlineData("parquet")]
    [InlineData("jsonl.gz")]
    [InlineData("csv.gz")]
    public async Task Export_SourceLacksADeclaredColumn_FailsNamingIt_WritesNothing(string format)
    {
        var columns = SyntheticInsightsReport.Columns.Where(c => c != "revenue").ToList();
        var csv = new StringBuilder(string.Join(',', columns)).Append('\n');
        for (int row = 0; row < 1000; row++)
        {
            csv.AppendJoin(',', columns.Select(c => Value(c, row))).Append('\n');
        }

        await File.WriteAllTextAsync(Path.Combine(this.directory, "sessions.csv"), csv.ToString());
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Reports:Source"] = "LocalFile",
            ["Reports:Directory"] = this.directory,
        });
        string bucket = "lake-missing-" + format.Replace(".", string.Empty, StringComparison.Ordinal) + "-" + runner.Tenant;
        using var admin = servers.AdminS3();
        await admin.PutBucketAsync(bucket);
        Assert.True(ExportFormats.TryParse(format, out var parsed));
        var destination = await runner.CreateDestinationAsync(
            DestinationCommand.Draft(runner.Tenant, "lake", bucket, "us-east-1", "lake", servers.AccessKey, servers.SecretKey, roleArn: null)
            with { Layout = new ExportLayout(parsed) });

        var run = await runner.RunExportAsync(runner.Request(destination));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        var record = (await runner.App.Services.GetRequiredService<IRunStore>().GetAsync(runner.Tenant, run.InstanceId, CancellationToken.None))!;
        Assert.Equal(RunStatus.Failed, record.Status);
        Assert.Contains("lacks the declared column(s) 'revenue'", record.Error, StringComparison.Ordinal);
        Assert.Contains("'revenue'", run.FailureDetails!.ErrorMessage, StringComparison.Ordinal);

        var listed = await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Empty(listed.S3Objects ?? []);
        var uploads = await admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        Assert.Empty(uploads.MultipartUploads ?? []);
    }

    private static string Value(string column, int row) => column switch
    {
        "event_date" => "2026-11-24",
        "user_id" => "u" + row,
        "session_id" => "s" + row,
        "platform" => "ios",
        "country" => "DE",
        "app_version" => "1.0",
        "is_new_user" => "true",
        "last_seen_utc" => "2026-11-24T10:00:00Z",
        _ => (row % 17).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
