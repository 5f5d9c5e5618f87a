using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Exports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.KeyVault;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.Security;

/// <summary>
/// After a full create → validate → export → delete cycle for an access-key destination and a role destination, on the
/// persistent backend (so durable history lands in Azurite too), no table row, blob, queue message, API response or
/// log line holds the secret key or any session credential.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class SecretHygieneTests(ServersFixture servers)
{
    [Fact]
    public async Task FullCycle_BothAuthMethods_NoSecretOrSessionTokenInStorageHistoryResponsesOrLogs()
    {
        string unique = Guid.NewGuid().ToString("N");
        string accessKey = "AKIA" + unique[..16].ToUpperInvariant();
        string secretKey = "Secret" + unique + "Zz";
        await Repo.RunScriptAsync("rgw-admin.sh", servers.RgwDir, "user", "create", $"--uid=hygiene{unique[..8]}", "--display-name=Hygiene", $"--access-key={accessKey}", $"--secret-key={secretKey}");
        string role = "Hygiene" + unique[..8];
        await Repo.RunScriptAsync(
            "rgw-admin.sh", servers.RgwDir, "role", "create", $"--role-name={role}", "--path=/",
            """--assume-role-policy-doc={"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam:::user/tester"]},"Action":["sts:AssumeRole"]}]}""");
        await Repo.RunScriptAsync(
            "rgw-admin.sh", servers.RgwDir, "role-policy", "put", $"--role-name={role}", "--policy-name=All",
            """--policy-doc={"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":["arn:aws:s3:::*"]}]}""");

        var logs = new CapturingLoggerProvider();
        var sts = new RecordingStsClient(
            new BasicAWSCredentials(servers.AccessKey, servers.SecretKey),
            new AmazonSecurityTokenServiceConfig { ServiceURL = servers.S3Endpoint, AuthenticationRegion = "us-east-1" });
        await using var vault = await KeyVaultResponder.StartNewAsync();
        int port = FreePort.Next();
        string hub = "hygiene" + unique[..12];
        var settings = new Dictionary<string, string?>(vault.RunnerSettings)
        {
            ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}",
            ["Runner:Backend"] = "AzureStorage",
            ["Runner:TaskHub"] = hub,
            ["Reports:SyntheticRows"] = "20000",
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Grpc.AspNetCore.Server"] = "Debug", // the runner keeps it at Warning; the scan reads every line
        };
        var responses = new StringBuilder();
        await using (var runner = await RunnerSession.StartAsync(servers, settings, services =>
        {
            vault.AddTo(services, new StaticTokenCredential());
            services.AddSingleton<ILoggerProvider>(logs);
            services.AddSingleton(new Lazy<IAmazonSecurityTokenService>(() => sts));
        }))
        {
            using var http = TestIssuer.Http(port);
            string tenant = runner.Tenant;
            using (var owner = new Amazon.S3.AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), Orchestrator.S3.S3ClientProvider.CreateConfig(servers.S3Options, "us-east-1")))
            {
                await owner.PutBucketAsync("hygiene-" + tenant); // owned by the user whose secret key we guard
            }

            using (var admin = servers.AdminS3())
            {
                await admin.PutBucketAsync("hygiene-role-" + tenant); // owned by the user the role trusts
            }

            await Send(http.PostAsJsonAsync($"api/tenants/{tenant}/destinations", new { destinationId = "keys", authMethod = "accessKey", bucket = "hygiene-" + tenant, region = "us-east-1", accessKeyId = accessKey, secretAccessKey = secretKey }), HttpStatusCode.Created);
            await Send(http.PostAsJsonAsync($"api/tenants/{tenant}/destinations", new { destinationId = "role", authMethod = "assumeRole", bucket = "hygiene-role-" + tenant, region = "us-east-1", bucketPath = "by role", roleArn = $"arn:aws:iam:::role/{role}" }), HttpStatusCode.Created);
            foreach (string id in new[] { "keys", "role" })
            {
                var report = await Send(http.PostAsync($"api/tenants/{tenant}/destinations/{id}/validate", null), HttpStatusCode.OK);
                Assert.True(JsonDocument.Parse(report).RootElement.GetProperty("passed").GetBoolean(), report);
                var started = await Send(http.PostAsJsonAsync("api/exports", new { tenant, destinationId = id, report = "sessions", period = "2026-11-24" }), HttpStatusCode.Accepted);
                string runId = JsonDocument.Parse(started).RootElement.GetProperty("id").GetString()!;
                var run = await runner.WaitAsync(runId);
                Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
                await Send(http.GetAsync($"api/tenants/{tenant}/runs/{Uri.EscapeDataString(runId)}"), HttpStatusCode.OK);
                await Send(http.GetAsync($"api/tenants/{tenant}/destinations/{id}"), HttpStatusCode.OK);
                await Send(http.GetAsync($"api/tenants/{tenant}/destinations/{id}/iam-policy"), HttpStatusCode.OK);
                await Send(http.DeleteAsync($"api/tenants/{tenant}/destinations/{id}"), HttpStatusCode.NoContent);
            }

            async Task<string> Send(Task<HttpResponseMessage> call, HttpStatusCode expected)
            {
                using var response = await call;
                string body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
                responses.AppendLine(body).AppendLine(response.Headers.ToString());
                return body;
            }
        }

        Assert.NotEmpty(sts.Issued);
        var needles = new List<(string What, string Value)> { ("secret access key", secretKey) };
        foreach (var issued in sts.Issued)
        {
            needles.Add(("session token", issued.SessionToken));
            needles.Add(("session secret key", issued.SecretAccessKey));
        }

        var haystacks = new List<(string Where, string Text)> { ("API responses", responses.ToString()), ("logs", string.Join('\n', logs.Lines)) };
        haystacks.AddRange(await SecretScan.ReadStorageAsync(servers.StorageConnectionString));
        Assert.Contains(haystacks, h => h.Where.Contains(hub, StringComparison.OrdinalIgnoreCase)); // the durable history was scanned
        Assert.True(logs.Lines.Count > 50, "logging was captured");
        Assert.Contains(haystacks, h => h.Where.StartsWith("table Runs", StringComparison.Ordinal) && h.Text.Contains(":keys:sessions:", StringComparison.Ordinal)); // the scan reads real rows

        SecretScan.AssertNoSecrets(needles, haystacks);
    }
}
