using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.Http;

/// <summary>
/// Issue 11, items 1, 2 and 5, over real HTTP against the runner: a lone surrogate escape or a duplicate key in any
/// body, a NUL or a line break in a route segment, and newline-terminated field values are 400 problem+json that
/// names the field (or, for a NUL, says what the server refused), never a 500 or Kestrel's bare empty 400.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class HostileInputTests(ServersFixture servers)
{
    /// <summary>Every route that reads a JSON body ({t} is the tenant).</summary>
    public static TheoryData<string, string, string> BodyRoutes => new()
    {
        { "POST", "api/exports", """{"tenant":"{t}","destinationId":"d1","report":"sessions","period":"2026-11-24"}""" },
        { "POST", "api/imports", """{"tenant":"{t}","destinationId":"d1","prefix":"attributes/"}""" },
        { "POST", "api/tenants/{t}/destinations", """{"destinationId":"d1","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"s"}""" },
        { "PUT", "api/tenants/{t}/destinations/d1", """{"destinationId":"d1","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE"}""" },
        { "POST", "api/tenants/{t}/destinations/d1/backfill", """{"from":"2026-11-01","to":"2026-11-01","reports":["sessions"]}""" },
    };

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task BodyRoute_LoneSurrogateDuplicateKeyOrTrailingNewline_400ProblemNamingTheField(string method, string path, string valid)
    {
        await using var api = await Api.StartAsync(servers);
        string body = valid.Replace("{t}", api.Tenant, StringComparison.Ordinal);
        string field = body.Contains("\"from\"", StringComparison.Ordinal) ? "from" : body.Contains("\"tenant\"", StringComparison.Ordinal) ? "tenant" : "destinationId";
        string value = JsonDocument.Parse(body).RootElement.GetProperty(field).GetString()!;

        // A lone surrogate in the first field, in a value nested in an array, a key given twice, a trailing line feed.
        await AssertFieldRejectedAsync(api, method, path, Replace(body, field, "\"" + value + "\\ud800\""), field);
        await AssertFieldRejectedAsync(api, method, path, body[..^1] + ",\"extra\":[\"\\udfff\"]}", "extra[0]");
        await AssertFieldRejectedAsync(api, method, path, body[..^1] + $",\"{field}\":\"{value}\"}}", field);
        await AssertFieldRejectedAsync(api, method, path, Replace(body, field, "\"" + value + "\\n\""), field);
        await api.AssertNothingChangedAsync();
    }

    [Theory]
    [InlineData("""{"destinationId":"d2","authMethod":"accessKey","bucket":"b-1","region":"us-east-1\n","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"s"}""", "region")]
    [InlineData("""{"destinationId":"d2","authMethod":"accessKey","bucket":"b-1\n","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"s"}""", "bucket")]
    [InlineData("""{"destinationId":"d2","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE\n","secretAccessKey":"s"}""", "accessKeyId")]
    [InlineData("""{"destinationId":"d2","authMethod":"assumeRole","bucket":"b-1","region":"us-east-1","roleArn":"arn:aws:iam::123456789012:role/r\n"}""", "roleArn")]
    [InlineData("""{"destinationId":"d2","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"s","schedule":{"timeZone":"UTC\n"}}""", "schedule.timeZone")]
    [InlineData("""{"destinationId":"d2","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"s","schedule":{"reports":["sessions\n"]}}""", "schedule.reports")]
    public async Task PostDestination_ValueWithTrailingNewline_400NamingTheField(string json, string field)
    {
        await using var api = await Api.StartAsync(servers);

        await AssertFieldRejectedAsync(api, "POST", "api/tenants/{t}/destinations", json, field);
        await api.AssertNothingChangedAsync();
    }

    [Theory]
    [InlineData("POST", "api/tenants/{t}/destinations", """{"destinationId":"d2","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"s","format":"xlsx"}""", "format")]
    [InlineData("POST", "api/tenants/{t}/destinations", """{"destinationId":"d2","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"s","format":"parquet","parquetCodec":"lz4"}""", "parquetCodec")]
    [InlineData("POST", "api/tenants/{t}/destinations", """{"destinationId":"d2","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"s","keyTemplate":"{report}/x.{ext}"}""", "keyTemplate")]
    [InlineData("POST", "api/tenants/{t}/destinations", """{"destinationId":"d2","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"s","keyTemplate":"{report}/{date}/../x.{ext}"}""", "keyTemplate")]
    [InlineData("POST", "api/tenants/{t}/destinations", """{"destinationId":"d2","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"s","keyTemplate":"{report}/{date}//x.{ext}"}""", "keyTemplate")]
    [InlineData("POST", "api/tenants/{t}/destinations", """{"destinationId":"d2","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"s","keyTemplate":"{report}/{date}/{nope}.{ext}"}""", "keyTemplate")]
    [InlineData("POST", "api/tenants/{t}/destinations", """{"destinationId":"d2","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"s","format":"parquet","maxFileMiB":0}""", "maxFileMiB")]
    [InlineData("POST", "api/tenants/{t}/destinations", """{"destinationId":"d2","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"s","format":"parquet","maxFileMiB":1000000}""", "maxFileMiB")]
    [InlineData("POST", "api/tenants/{t}/destinations", """{"destinationId":"d2","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"s","format":"csv.gz","maxFileMiB":64}""", "maxFileMiB")]
    [InlineData("PUT", "api/tenants/{t}/destinations/d1", """{"destinationId":"d1","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","format":"xlsx"}""", "format")]
    [InlineData("PUT", "api/tenants/{t}/destinations/d1", """{"destinationId":"d1","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","format":"parquet","parquetCodec":"lz4"}""", "parquetCodec")]
    [InlineData("PUT", "api/tenants/{t}/destinations/d1", """{"destinationId":"d1","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","keyTemplate":"/{report}/{date}/x.{ext}"}""", "keyTemplate")]
    [InlineData("PUT", "api/tenants/{t}/destinations/d1", """{"destinationId":"d1","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","format":"jsonl.gz","maxFileMiB":4097}""", "maxFileMiB")]
    [InlineData("PUT", "api/tenants/{t}/destinations/d1", """{"destinationId":"d1","authMethod":"accessKey","bucket":"b-1","region":"us-east-1","accessKeyId":"AKIAIOSFODNN7EXAMPLE","format":"parquet","maxFileMiB":"64"}""", "maxFileMiB")]
    [InlineData("POST", "api/exports", """{"tenant":"{t}","destinationId":"d1","report":"sessions","period":"2026-11-24","format":"xlsx"}""", "format")]
    [InlineData("POST", "api/exports", """{"tenant":"{t}","destinationId":"d1","report":"sessions","period":"2026-11-24","format":42}""", "format")]
    [InlineData("POST", "api/exports", """{"tenant":"{t}","destinationId":"d1","report":"sessions","period":"2026-11-24","format":"parquet","parquetCodec":"lz4"}""", "parquetCodec")]
    [InlineData("POST", "api/tenants/{t}/destinations/d1/backfill", """{"from":"2026-11-01","to":"2026-11-01","reports":["sessions"],"format":"xlsx"}""", "format")]
    [InlineData("POST", "api/tenants/{t}/destinations/d1/backfill", """{"from":"2026-11-01","to":"2026-11-01","reports":["sessions"],"format":"parquet","parquetCodec":"brotli"}""", "parquetCodec")]
    public async Task LayoutField_BadValue_400ProblemNamingTheField(string method, string path, string json, string field)
    {
        await using var api = await Api.StartAsync(servers);

        await AssertFieldRejectedAsync(api, method, path, json, field);
        await api.AssertNothingChangedAsync();
    }

    [Theory]
    [InlineData("GET", "api/tenants/{t}%0A/destinations", "tenant")]
    [InlineData("GET", "api/tenants/{t}/destinations/d1%0A", "destinationId")]
    [InlineData("POST", "api/tenants/{t}/destinations/d1%0A/validate", "destinationId")]
    [InlineData("GET", "api/tenants/{t}/runs/export:{t}:d1:sessions:2026-11-24%0A", "id")]
    [InlineData("POST", "api/tenants/{t}/runs/export:{t}:d1:sessions:2026-11-24%0D%0A/retry", "id")]
    [InlineData("POST", "api/tenants/{t}/runs/export:{t}:d1:sessions:2026-11-24%0A/cancel", "id")]
    [InlineData("GET", "api/tenants/{t}/runs?destination=d1%0A", "destination")]
    [InlineData("GET", "api/tenants/{t}/runs?status=running%0A", "status")]
    [InlineData("GET", "api/tenants/{t}/runs?from=2026-11-24T06:00:00Z%0A", "from")]
    [InlineData("POST", "api/runs/purge?createdBefore=2026-11-24T06:00:00Z%0A", "createdBefore")]
    [InlineData("GET", "api/nights/2026-11-01%0A", "day")]
    [InlineData("POST", "api/runs/purge?olderThanDays=3%0A", "olderThanDays")]
    [InlineData("POST", "api/nights/2026-11-01?force=true%0A", "force")]
    [InlineData("POST", "api/nights/2026-11-01?force=yes", "force")]
    public async Task Route_SegmentOrQueryWithLineBreak_400NamingTheField(string method, string path, string field)
    {
        await using var api = await Api.StartAsync(servers);

        using var response = await api.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{t}", api.Tenant, StringComparison.Ordinal)));

        var errors = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        await api.AssertNothingChangedAsync();
    }

    [Fact]
    public async Task GetUserAttributes_UserIdLongerThanAnyStoredOne_400NamingUserId()
    {
        await using var api = await Api.StartAsync(servers);

        using var response = await api.Http.GetAsync($"api/tenants/{api.Tenant}/users/{new string('u', 3000)}/attributes");

        var errors = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(errors.TryGetProperty("userId", out _), errors.ToString());
    }

    [Theory]
    [InlineData("GET", "api/tenants/{t}%00/destinations")]
    [InlineData("GET", "api/tenants/{t}/runs/export:{t}:d1:sessions:2026-11-24%00")]
    [InlineData("POST", "api/exports%00")]
    [InlineData("GET", "api/nights/2026-11-01%00?x=%00")]
    public async Task Route_NulInPath_400ProblemJsonNotKestrelsEmptyAnswer(string method, string path)
    {
        await using var api = await Api.StartAsync(servers);

        using var response = await api.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("{t}", api.Tenant, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains("NUL (%00)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The server closed only that connection: the next request is served normally.
        using var next = await api.Http.GetAsync($"api/tenants/{api.Tenant}/destinations");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        await api.AssertNothingChangedAsync();
    }

    [Fact]
    public async Task RawRequest_KeepAliveThenNul_FirstAnswerUntouchedSecondIsProblemJson()
    {
        await using var api = await Api.StartAsync(servers);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, api.Port);
        var stream = tcp.GetStream();
        // An allowed host (the runner filters Host headers) and a caller's token, so the first request is answered.
        string headers = $"Host: 127.0.0.1\r\nAuthorization: Bearer {TestIssuer.OperatorToken()}\r\n\r\n";
        string requests =
            $"GET /api/tenants/{api.Tenant}/destinations HTTP/1.1\r\n{headers}"
            + $"GET /api/tenants/{api.Tenant}%00/destinations HTTP/1.1\r\n{headers}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(requests));

        using var reader = new StreamReader(stream, Encoding.UTF8);
        string all = await reader.ReadToEndAsync(); // the server closes the connection after the rejection

        int second = all.IndexOf("HTTP/1.1 400", StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 OK", all, StringComparison.Ordinal);
        Assert.True(second > 0, all);
        string rejection = all[second..];
        Assert.Contains("Content-Type: application/problem+json", rejection, StringComparison.Ordinal);
        Assert.Contains("Connection: close", rejection, StringComparison.Ordinal);
        int bodyStart = rejection.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        var problem = JsonDocument.Parse(rejection[bodyStart..]).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        string length = rejection.Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.Ordinal));
        Assert.Equal(Encoding.UTF8.GetByteCount(rejection[bodyStart..]), int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Replace(string body, string field, string jsonValue)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        node.Remove(field);
        string rest = node.ToJsonString();
        return "{\"" + field + "\":" + jsonValue + (node.Count > 0 ? "," + rest[1..] : "}");
    }

    private static async Task AssertFieldRejectedAsync(Api api, string method, string path, string json, string field)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{t}", api.Tenant, StringComparison.Ordinal))
        {
            Content = new StringContent(json.Replace("{t}", api.Tenant, StringComparison.Ordinal), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        using var response = await api.Http.SendAsync(request);

        var errors = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(errors.TryGetProperty(field, out _), $"{method} {path} {json}: {errors}");
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.GetProperty("errors").Clone();
    }

    /// <summary>A runner with its API on a free port, and what a rejected request must leave unchanged.</summary>
    private sealed class Api : IAsyncDisposable
    {
        private readonly RunnerSession runner;

        private Api(RunnerSession runner, int port)
        {
            this.runner = runner;
            this.Port = port;
            this.Http = TestIssuer.Http(port);
        }

        public HttpClient Http { get; }

        public int Port { get; }

        public string Tenant => this.runner.Tenant;

        public static async Task<Api> StartAsync(ServersFixture servers)
        {
            int port = FreePort.Next();
            var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" });
            return new Api(runner, port);
        }

        public async Task AssertNothingChangedAsync()
        {
            using var list = await this.Http.GetAsync($"api/tenants/{this.Tenant}/destinations");
            Assert.Equal(0, (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("destinations").GetArrayLength());
            await foreach (var unused in this.runner.Client.GetAllInstancesAsync())
            {
                Assert.Fail("a rejected request must not start a run");
            }
        }

        public async ValueTask DisposeAsync()
        {
            this.Http.Dispose();
            await this.runner.DisposeAsync();
        }
    }
}
