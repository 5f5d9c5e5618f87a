using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.KeyVault;
using Orchestrator.Runner.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests.Reliability;

/// <summary>
/// Seeded random and mutated requests over every one of the 21 routes of the HTTP API (OrchestratorEndpoints) of an
/// in-process runner whose secret store is the Key Vault responder: random JSON (wrong types, deep nesting, huge and
/// unicode strings, nulls), mutated valid bodies with hostile values (lone UTF-16 surrogate escapes in values and
/// property names, NUL, newline-terminated valid values, duplicate keys, over-deep nesting, huge strings), raw bytes,
/// random content types and If-Match values, junk path segments (URL-encoded, very long, NUL, a trailing line break)
/// and hostile query strings. Never a 5xx; every error, including the ones Kestrel answers itself before any route
/// runs, is application/problem+json that explains itself; and a rejected request changes nothing: the destination
/// list, the run records, the orchestrations and the vault are exactly as before it.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class HttpApiFuzzTests(ServersFixture servers, ITestOutputHelper output)
{
    private const int Requests = 630;
    private const string ExistingId = "fuzz-dest";
    private const string Secret = "fuzzSecretValue0123456789abcdefABCDEF0123";

    private static readonly string[] Junk =
    [
        string.Empty, " ", "..", "%2e%2e", "%2F", "a%2Fb", "%00", "%25", "+", "%20", "a b", "ü", "%F0%9F%9A%80", "%C3%28", "%FF",
        "<script>", "'", "\"", "null", "-1", "0", "a.b", "a:b", "export:x:y:z:2026-11-24", "%0d%0aX-Injected:%201",
        "CON", "*", "~", "{id}", "\u00e9", "t1", ExistingId, "%0A", "%0D%0A", "a%0Ab", "%ED%A0%80", "%E2%80%AE", "%EF%BB%BF",
        ExistingId + "%0A", ExistingId + "%00", "2026-11-01%0A",
    ];

    /// <summary>Query strings for the routes that read one (the run list, purge, a night's start).</summary>
    private static readonly string[] Queries =
    [
        string.Empty, "?status=failed", "?status=failed%0A", "?destination=" + ExistingId + "%0A", "?destination=%00", "?kind=export%0D%0A",
        "?from=2026-11-01T00:00:00Z%0A", "?pageSize=99999999999", "?continuation=%ED%A0%80", "?continuation=" + new string('A', 3000),
        "?olderThanDays=3%0A", "?olderThanDays=%00", "?olderThanDays=-1", "?olderThanDays=9999", "?createdBefore=2026-11-01T00:00:00Z%0A",
        "?createdBefore=2026-11-01", "?force=true%0A", "?force=%00", "?force=true&force=false", "?code=x&unknown=%0A", "?%00=1",
    ];

    /// <summary>JSON string tokens (as written in the body) that once answered 500 or passed validation wrongly.</summary>
    private static readonly string[] HostileStrings =
    [
        "\"\\ud800\"", "\"\\udfff\"", "\"a\\ud83d\"", "\"\\ud83d\\ud83d\"", "\"x\\udc00y\"", "\"\\u0000\"", "\"acme\\u0000\"",
        "\"acme\\n\"", "\"us-east-1\\n\"", "\"2026-11-01\\n\"", "\"sessions\\r\\n\"", "\"attributes/\\n\"", "\"\\u202e\"", "\"\\ufeff\"",
        "\"" + new string('a', 60_000) + "\"", "\"" + new string('b', 70_000) + "\"",
        new string('[', 20) + new string(']', 20), string.Concat(Enumerable.Repeat("{\"a\":", 20)) + "1" + new string('}', 20),
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=latin1", "text/plain",
        "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x", "application/problem+json",
        "application/merge-patch+json", "*/*", "application/octet-stream",
    ];

    private static readonly string[] Fields =
    [
        "tenant", "destinationId", "report", "period", "force", "prefix", "authMethod", "bucket", "region", "bucketPath",
        "accessKeyId", "secretAccessKey", "roleArn", "externalId", "endpoint", "__proto__", "", "Tenant",
    ];

    [Fact]
    public async Task Api_SeededRandomAndMutatedRequests_NoServerErrorEveryRejectionExplainedAndNothingChanged()
    {
        int seed = ReliabilitySupport.Seed(500_2026);
        var random = new Random(seed);
        await using var vault = await KeyVaultResponder.StartNewAsync();
        int port = FreePort.Next();
        var settings = new Dictionary<string, string?>(vault.RunnerSettings)
        {
            ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}",
            ["Reports:SyntheticRows"] = "1000",
        };
        await using var runner = await RunnerSession.StartAsync(servers, settings, s => vault.AddTo(s, new StaticTokenCredential()));
        using var http = TestIssuer.Http(port, TimeSpan.FromSeconds(30));
        string bucket = "fuzz-" + runner.Tenant;
        using (var admin = servers.AdminS3())
        {
            await admin.PutBucketAsync(bucket);
        }

        using (var created = await http.PostAsync($"api/tenants/{runner.Tenant}/destinations", Json(DestinationBody(bucket).ToJsonString())))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var state = await this.SnapshotAsync(http, runner, vault);
        var statuses = new SortedDictionary<int, int>();
        int rejected = 0;
        int accepted = 0;
        var protocolRejections = new List<string>();
        for (int i = 0; i < Requests; i++)
        {
            using var request = await BuildAsync(random, runner.Tenant, bucket, http, i);
            string description = $"#{i} (seed {seed}) {request.Method} {request.RequestUri}";
            using var response = await http.SendAsync(request);
            string text = await response.Content.ReadAsStringAsync();
            int status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status < 500, $"{description}: {status} {Truncate(text)}");
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            if (status >= 400)
            {
                rejected++;
                if (text.Contains("rejected the request before any API route saw it", StringComparison.Ordinal))
                {
                    // Rejected by Kestrel itself before any middleware (e.g. a NUL in the decoded path): the runner
                    // turns that answer into problem+json too (asserted below). Counted separately in the report.
                    protocolRejections.Add($"{status} {request.Method} {Truncate(request.RequestUri!.OriginalString)}");
                }

                Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{description}: {status} '{response.Content.Headers.ContentType}' {Truncate(text)}");
                using var problem = JsonDocument.Parse(text);
                var root = problem.RootElement;
                bool explained = (root.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString()))
                    || (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object && errors.EnumerateObject().Any());
                Assert.True(explained, $"{description}: {status} without detail or errors: {Truncate(text)}");
                var now = await this.SnapshotAsync(http, runner, vault);
                Assert.True(state == now, $"{description} was rejected with {status} but changed state:\nbefore {state}\nafter  {now}");
            }
            else
            {
                accepted++;
                if (request.Method == HttpMethod.Delete && status == 204)
                {
                    using var again = await http.PostAsync($"api/tenants/{runner.Tenant}/destinations", Json(DestinationBody(bucket).ToJsonString()));
                }

                // An accepted request may change state legitimately (and may have started a run): let it settle.
                await WaitIdleAsync(runner);
                state = await this.SnapshotAsync(http, runner, vault);
            }
        }

        ReliabilitySupport.Report(output, "http-fuzz", $"seed={seed} requests={Requests} rejected={rejected} (by Kestrel before any middleware, answered as problem+json: {protocolRejections.Count}, e.g. {string.Join(" | ", protocolRejections.Take(3).Select(r => r.Length > 120 ? r[..120] : r))}) accepted={accepted} statuses={string.Join(" ", statuses.Select(s => $"{s.Key}x{s.Value}"))} serverErrors=0 stateChangesOnRejection=0");
    }

    private static JsonObject DestinationBody(string bucket) => new()
    {
        ["destinationId"] = ExistingId,
        ["authMethod"] = "accessKey",
        ["bucket"] = bucket,
        ["region"] = "us-east-1",
        ["bucketPath"] = "fuzz",
        ["accessKeyId"] = "AKIAIOSFODNN7EXAMPLE",
        ["secretAccessKey"] = Secret,
    };

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Truncate(string text) => text.Length > 600 ? text[..600] + "…" : text;

    private static async Task<HttpRequestMessage> BuildAsync(Random random, string tenant, string bucket, HttpClient http, int index)
    {
        string Segment(string valid)
        {
            int pick = random.Next(10);
            return pick switch
            {
                < 4 => valid,
                4 => new string((char)('a' + random.Next(26)), random.Next(60, 3000)),
                5 => Uri.EscapeDataString(RandomString(random, random.Next(1, 40))),
                6 => valid + (random.Next(3) switch { 0 => "%0A", 1 => "%0D%0A", _ => "%00" }),
                _ => Junk[random.Next(Junk.Length)] is { Length: > 0 } junk ? junk : "x",
            };
        }

        string t = Segment(tenant);
        string id = Segment(ExistingId);
        string runId = Segment($"export:{tenant}:{ExistingId}:sessions:2026-11-24");
        (string Method, string Path, JsonObject? Valid)[] routes =
        [
            ("POST", "api/exports", new JsonObject { ["tenant"] = tenant, ["destinationId"] = ExistingId, ["report"] = "sessions", ["period"] = "2026-11-24" }),
            ("GET", $"api/runs/{runId}", null),
            ("GET", $"api/tenants/{t}/runs/{runId}", null),
            ("POST", "api/imports", new JsonObject { ["tenant"] = tenant, ["destinationId"] = ExistingId, ["prefix"] = "attributes/" }),
            ("GET", $"api/tenants/{t}/users/{Segment("u1")}/attributes", null),
            ("GET", $"api/tenants/{t}/attributes/{Segment("tier")}/counts", null),
            ("GET", $"api/tenants/{t}/destinations", null),
            ("POST", $"api/tenants/{t}/destinations", DestinationBody(bucket).Also(b => b["destinationId"] = "fuzz-new")),
            ("GET", $"api/tenants/{t}/destinations/{id}", null),
            ("PUT", $"api/tenants/{t}/destinations/{id}", DestinationBody(bucket)),
            ("DELETE", $"api/tenants/{t}/destinations/{id}", null),
            ("POST", $"api/tenants/{t}/destinations/{id}/validate", null),
            ("GET", $"api/tenants/{t}/destinations/{id}/iam-policy", null),
            ("POST", $"api/tenants/{t}/destinations/{id}/rotate-external-id", null),
            ("POST", $"api/tenants/{t}/destinations/{id}/backfill", new JsonObject { ["from"] = "2026-11-01", ["to"] = "2026-11-01", ["reports"] = new JsonArray("sessions") }),
            ("GET", $"api/nights/{Segment("2026-11-01")}", null),
            ("GET", $"api/tenants/{t}/runs{Queries[random.Next(Queries.Length)]}", null),
            ("POST", $"api/tenants/{t}/runs/{runId}/cancel", null),
            ("POST", $"api/tenants/{t}/runs/{runId}/retry", null),
            ("POST", $"api/runs/purge{Queries[random.Next(Queries.Length)]}", null),
            ("POST", $"api/nights/{Segment("2026-11-01")}{Queries[random.Next(Queries.Length)]}", null),
        ];
        var (method, path, valid) = routes[index % routes.Length];
        var request = new HttpRequestMessage(new HttpMethod(method), path);

        if (method is "POST" or "PUT" && random.Next(8) != 0)
        {
            byte[] body = random.Next(6) switch
            {
                0 => Encoding.UTF8.GetBytes(RandomJson(random, 0)?.ToJsonString() ?? "null"),
                1 => RandomBytes(random),
                2 => Encoding.UTF8.GetBytes(new string('[', random.Next(30, 3000)) + new string(']', random.Next(0, 3000))),
                _ => Encoding.UTF8.GetBytes(Mutate(random, valid ?? new JsonObject())),
            };
            var content = new ByteArrayContent(body);
            string type = random.Next(3) == 0 ? ContentTypes[random.Next(ContentTypes.Length)] : "application/json";
            content.Headers.TryAddWithoutValidation("Content-Type", type);
            request.Content = content;
        }

        if (method is "PUT" or "DELETE" or "POST" && random.Next(2) == 0)
        {
            // Random If-Match: junk, '*', or the real ETag (so the body or route is what gets rejected, if anything).
            string ifMatch = random.Next(4) switch
            {
                0 => "*",
                1 => new string([.. Enumerable.Range(0, random.Next(0, 80)).Select(_ => (char)random.Next(0x20, 0x7F))]), // HttpClient sends ASCII headers only
                _ => await CurrentETagAsync(http, tenant) ?? "\"none\"",
            };
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (random.Next(4) == 0)
        {
            request.Headers.TryAddWithoutValidation(
                random.Next(2) == 0 ? "Accept" : "X-Fuzz-" + random.Next(1000).ToString(CultureInfo.InvariantCulture),
                random.Next(2) == 0 ? "application/xml" : new string('h', random.Next(1, 4000)));
        }

        return request;
    }

    private static async Task WaitIdleAsync(RunnerSession runner)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            bool busy = false;
            await foreach (var instance in runner.Client.GetAllInstancesAsync())
            {
                busy |= !instance.IsCompleted;
            }

            if (!busy)
            {
                return;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<string?> CurrentETagAsync(HttpClient http, string tenant)
    {
        using var response = await http.GetAsync($"api/tenants/{tenant}/destinations/{ExistingId}");
        return response.Headers.ETag?.ToString();
    }

    private static string Mutate(Random random, JsonObject valid)
    {
        var body = JsonNode.Parse(valid.ToJsonString())!.AsObject();
        for (int m = random.Next(1, 4); m > 0; m--)
        {
            string field = body.Count > 0 && random.Next(3) > 0 ? body.ElementAt(random.Next(body.Count)).Key : Fields[random.Next(Fields.Length)];
            switch (random.Next(5))
            {
                case 0:
                    body.Remove(field);
                    break;
                case 1:
                    body[field] = null;
                    break;
                default:
                    body[field] = RandomJson(random, 1);
                    break;
            }
        }

        // Hostile string tokens go in as raw JSON text: a serializer would never write a lone surrogate escape.
        var hostile = new List<string>();
        foreach (var key in body.Select(p => p.Key).ToList())
        {
            if (random.Next(4) == 0)
            {
                hostile.Add(random.Next(3) == 0 && valid[key] is JsonValue v && v.TryGetValue(out string? s)
                    ? "\"" + s + (random.Next(2) == 0 ? "\\n" : "\\u0000") + "\"" // a valid value, newline- or NUL-terminated
                    : HostileStrings[random.Next(HostileStrings.Length)]);
                body[key] = $"HOSTILE{hostile.Count - 1}X";
            }
        }

        string text = body.ToJsonString();
        for (int h = 0; h < hostile.Count; h++)
        {
            text = text.Replace($"\"HOSTILE{h}X\"", hostile[h], StringComparison.Ordinal);
        }

        string anyKey = body.Count > 0 ? body.ElementAt(random.Next(body.Count)).Key : "tenant";
        return random.Next(8) switch
        {
            0 => text[..random.Next(text.Length)], // truncated
            1 => text.Insert(random.Next(text.Length), RandomString(random, random.Next(1, 5))), // corrupted
            2 when text.Length > 2 => text[..^1] + ",\"tenant\":\"dup\"}", // duplicate key
            3 when text.Length > 2 => text[..^1] + $",{JsonSerializer.Serialize(anyKey)}:{HostileStrings[random.Next(HostileStrings.Length)]}}}", // duplicate key, hostile value
            4 when text.Length > 2 => "{\"\\ud800\":1," + text[1..], // lone surrogate in a property name
            _ => text,
        };
    }

    private static JsonNode? RandomJson(Random random, int depth)
    {
        int kind = random.Next(depth > 4 ? 5 : 8);
        return kind switch
        {
            0 => null,
            1 => JsonValue.Create(random.Next(2) == 0),
            2 => random.Next(3) switch
            {
                0 => JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue)),
                1 => JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-300, 300))),
                _ => JsonValue.Create(random.Next(-2, 3)),
            },
            3 or 4 => JsonValue.Create(RandomString(random, random.Next(4) == 0 ? random.Next(1000, 100_000) : random.Next(0, 40))),
            5 => new JsonArray([.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomJson(random, depth + 1))]),
            _ => new JsonObject(Enumerable.Range(0, random.Next(0, 5)).Select(_ =>
                KeyValuePair.Create(Fields[random.Next(Fields.Length)] + (random.Next(3) == 0 ? RandomString(random, 3) : string.Empty), RandomJson(random, depth + 1)))
                .DistinctBy(p => p.Key)),
        };
    }

    private static string RandomString(Random random, int length)
    {
        var builder = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            builder.Append(random.Next(6) switch
            {
                0 => (char)random.Next(0, 32), // control characters
                1 => (char)random.Next(0x80, 0x800),
                2 => "🚀ü%+/\\:.\"' "[random.Next(12)],
                3 => (char)random.Next(0x4E00, 0x9FFF),
                _ => (char)random.Next('a', 'z' + 1),
            });
        }

        return builder.ToString();
    }

    private static byte[] RandomBytes(Random random)
    {
        byte[] bytes = new byte[random.Next(0, 4096)];
        random.NextBytes(bytes);
        return bytes;
    }

    private async Task<string> SnapshotAsync(HttpClient http, RunnerSession runner, KeyVaultResponder vault)
    {
        using var list = await http.GetAsync($"api/tenants/{runner.Tenant}/destinations");
        string destinations = await list.Content.ReadAsStringAsync();
        var runs = new TableClient(servers.StorageConnectionString, "Runs");
        int runRecords = 0;
        await foreach (var unused in runs.QueryAsync<TableEntity>(e => e.PartitionKey == runner.Tenant, select: ["RowKey"]))
        {
            runRecords++;
        }

        int instances = 0;
        await foreach (var unused in runner.Client.GetAllInstancesAsync())
        {
            instances++;
        }

        string secrets = string.Join(";", vault.Secrets.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}@{s.Value.Version}"));
        int writes = vault.Requests.Count(r => r.Method is "PUT" or "DELETE");
        return $"destinations={destinations} runRecords={runRecords} instances={instances} secrets={secrets} vaultWrites={writes} deleted={vault.DeletedSecretNames.Count}";
    }
}

/// <summary>Small fluent helper for building bodies inline.</summary>
internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject body, Action<JsonObject> change)
    {
        change(body);
        return body;
    }
}
