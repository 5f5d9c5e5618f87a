using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Orchestrator.Domain;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.S3Kms;
using Orchestrator.Runner.Cli;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.Destinations;

/// <summary>
/// AWS refusing the destination's KMS key (radosgw 16 cannot: it evaluates no KMS permissions), answered on the wire by
/// <see cref="KmsDenyingS3Responder"/> as AWS documents it, read by the real S3 client: the connection test and the
/// export name kms:GenerateDataKey, the key, and both grants the fix needs.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class KmsDenialTests(ServersFixture servers)
{
    private const string KeyArn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    [Fact]
    public async Task ValidateAndExport_KmsDeniesGenerateDataKey_NameKmsTheKeyAndBothGrants()
    {
        await using var s3 = await KmsDenyingS3Responder.StartAsync(KeyArn);
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}",
            ["S3:ServiceUrl"] = s3.ServiceUrl,
            ["Reports:SyntheticRows"] = "2000",
        });
        using var http = TestIssuer.Http(port);
        var destination = await runner.CreateDestinationAsync(
            DestinationCommand.Draft(runner.Tenant, "kms-denied", "enterprise-bucket", "us-east-1", "exports", servers.AccessKey, servers.SecretKey, roleArn: null)
                with { WriteSettings = new ObjectWriteSettings(ServerSideEncryption.AwsKms, KeyArn) });

        using var response = await http.PostAsync($"api/tenants/{runner.Tenant}/destinations/kms-denied/validate", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        var put = report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "putObject");
        Assert.Equal("Failed", put.GetProperty("status").GetString());
        Assert.Equal("KmsAccessDenied", put.GetProperty("errorCode").GetString());
        Assert.Contains("KMS denied kms:GenerateDataKey", put.GetProperty("message").GetString(), StringComparison.Ordinal);
        string fix = put.GetProperty("fix").GetString()!;
        Assert.Contains($"\"kms:GenerateDataKey\" and \"kms:Decrypt\" on \"{KeyArn}\"", fix, StringComparison.Ordinal);
        Assert.Contains("key policy", fix, StringComparison.Ordinal);

        var run = await runner.RunExportAsync(runner.Request(destination));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        string error = run.FailureDetails!.ErrorMessage;
        Assert.StartsWith("CreateMultipartUpload on ", error, StringComparison.Ordinal);
        Assert.Contains("KMS denied kms:GenerateDataKey", error, StringComparison.Ordinal);
        Assert.Contains(KeyArn, error, StringComparison.Ordinal);
        Assert.Single(s3.Requests, r => r.StartsWith("POST ", StringComparison.Ordinal) && r.EndsWith("?uploads", StringComparison.Ordinal)); // permanent: not retried
    }
}
