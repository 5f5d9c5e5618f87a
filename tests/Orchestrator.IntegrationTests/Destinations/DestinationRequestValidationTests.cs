using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.KeyVault;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.Destinations;

/// <summary>
/// Malformed requests against the destination registry API (POST .../destinations, PUT .../destinations/{id}) of an
/// in-process runner whose secret store is the HTTPS Key Vault responder. Every rejection must be a 400
/// problem+json naming the field, and must change nothing: neither the registry nor the vault.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class DestinationRequestValidationTests(ServersFixture servers, DestinationRequestValidationTests.RegistryFixture registry)
    : IClassFixture<DestinationRequestValidationTests.RegistryFixture>
{
    /// <summary>The destination created at the start; PUT cases target it (with its real ETag).</summary>
    public const string ExistingId = "main-dest";

    /// <summary>POST cases name this id: if one were wrongly accepted, a second destination would appear.</summary>
    public const string NewId = "new-dest";

    private const string ExistingSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /// <summary>Body placeholders that are built at run time (too large, or not a string body at all).</summary>
    private const string OversizeBody = "@oversize";
    private const string OversizeChunkedBody = "@oversize-chunked";
    private const string NoBody = "@none";

    /// <summary>(case, method, route template or "" for the default, content type, body, field named in errors).</summary>
    public static TheoryData<string, string, string, string, string, string> MalformedRequests()
    {
        var data = new TheoryData<string, string, string, string, string, string>();
        void Post(string name, string body, string field, string route = "", string contentType = "application/json") =>
            data.Add("POST " + name, "POST", route, contentType, body, field);
        void Put(string name, string body, string field, string route = "", string contentType = "application/json") =>
            data.Add("PUT " + name, "PUT", route, contentType, body, field);

        string key = AccessKeyBody(NewId).ToJsonString();
        string role = RoleBody(NewId).ToJsonString();

        // Wrong JSON types, one field at a time.
        Post("destinationId number", With(key, "destinationId", 7), "destinationId");
        Post("authMethod bool", With(key, "authMethod", true), "authMethod");
        Post("bucket array", With(key, "bucket", new JsonArray()), "bucket");
        Post("region object", With(key, "region", new JsonObject()), "region");
        Post("bucketPath number", With(key, "bucketPath", 1), "bucketPath");
        Post("accessKeyId number", With(key, "accessKeyId", 123), "accessKeyId");
        Post("secretAccessKey bool", With(key, "secretAccessKey", false), "secretAccessKey");
        Post("roleArn number", With(role, "roleArn", 5), "roleArn");

        // Missing required fields.
        Post("missing destinationId", Without(key, "destinationId"), "destinationId");
        Post("missing authMethod", Without(key, "authMethod"), "authMethod");
        Post("missing bucket", Without(key, "bucket"), "bucket");
        Post("missing region", Without(key, "region"), "region");
        Post("missing accessKeyId", Without(key, "accessKeyId"), "accessKeyId");
        Post("missing secretAccessKey", Without(key, "secretAccessKey"), "secretAccessKey");
        Post("missing roleArn", Without(role, "roleArn"), "roleArn");
        Post("bucket null", With(key, "bucket", null), "bucket");
        Post("authMethod unknown", With(key, "authMethod", "password"), "authMethod");

        // Bucket names.
        Post("bucket upper-case", With(key, "bucket", "MyBucket"), "bucket");
        Post("bucket too short", With(key, "bucket", "ab"), "bucket");
        Post("bucket too long", With(key, "bucket", new string('b', 64)), "bucket");
        Post("bucket IP address", With(key, "bucket", "192.168.10.20"), "bucket");
        Post("bucket double dot", With(key, "bucket", "my..bucket"), "bucket");
        Post("bucket trailing dash", With(key, "bucket", "my-bucket-"), "bucket");
        Post("bucket leading dash", With(key, "bucket", "-mybucket"), "bucket");
        Post("bucket underscore", With(key, "bucket", "my_bucket"), "bucket");
        Post("bucket empty", With(key, "bucket", string.Empty), "bucket");

        // Regions.
        Post("region upper-case", With(key, "region", "US-EAST-1"), "region");
        Post("region without dashes", With(key, "region", "useast1"), "region");
        Post("region without number", With(key, "region", "us-east"), "region");
        Post("region availability zone", With(key, "region", "eu-west-1a"), "region");
        Post("region empty", With(key, "region", string.Empty), "region");

        // Object write settings (encryption, KMS key, ACL).
        string kms = With(key, "serverSideEncryption", "aws:kms");
        Post("serverSideEncryption SSE-C", With(key, "serverSideEncryption", "SSE-C"), "serverSideEncryption");
        Post("kmsKeyId bare alias", With(kms, "kmsKeyId", "alias/exports"), "kmsKeyId");
        Post("kmsKeyId newline", With(kms, "kmsKeyId", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\n"), "kmsKeyId");
        Post("kmsKeyId other region", With(kms, "kmsKeyId", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"), "kmsKeyId");
        Post("kmsKeyId other partition", With(kms, "kmsKeyId", "arn:aws-cn:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"), "kmsKeyId");
        Post("kmsKeyId with AES256", With(With(key, "serverSideEncryption", "AES256"), "kmsKeyId", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"), "kmsKeyId");
        Post("bucketKey string", With(kms, "bucketKey", "yes"), "bucketKey");
        Post("bucketKey without kms", With(key, "bucketKey", true), "bucketKey");
        Post("cannedAcl public-read", With(key, "cannedAcl", "public-read"), "cannedAcl");

        // Role ARNs.
        Post("roleArn short account", With(role, "roleArn", "arn:aws:iam::12345:role/upload"), "roleArn");
        Post("roleArn user", With(role, "roleArn", "arn:aws:iam::123456789012:user/alice"), "roleArn");
        Post("roleArn s3 resource", With(role, "roleArn", "arn:aws:s3:::my-bucket"), "roleArn");
        Post("roleArn bare name", With(role, "roleArn", "orchestrator-upload"), "roleArn");
        Post("roleArn space in name", With(role, "roleArn", "arn:aws:iam::123456789012:role/has space"), "roleArn");
        Post("roleArn empty name", With(role, "roleArn", "arn:aws:iam::123456789012:role/"), "roleArn");

        // Access key ids and secrets.
        Post("accessKeyId lower-case", With(key, "accessKeyId", "akiaiosfodnn7example"), "accessKeyId");
        Post("accessKeyId too short", With(key, "accessKeyId", "AKIA1234"), "accessKeyId");
        Post("accessKeyId dash", With(key, "accessKeyId", "AKIA-IOSFODNN7EXAMPLE"), "accessKeyId");
        Post("accessKeyId too long", With(key, "accessKeyId", new string('A', 129)), "accessKeyId");
        Post("secret with spaces", With(key, "secretAccessKey", "has a space inside it"), "secretAccessKey");
        Post("secret too long", With(key, "secretAccessKey", new string('s', 129)), "secretAccessKey");
        Post("secret empty", With(key, "secretAccessKey", string.Empty), "secretAccessKey");
        Post("secret with tab", With(key, "secretAccessKey", "abc\tdef"), "secretAccessKey");
        Post("secret with control char", With(key, "secretAccessKey", "abc\u0007def"), "secretAccessKey");

        // Fields of the other auth method.
        Post("roleArn on accessKey", With(key, "roleArn", "arn:aws:iam::123456789012:role/upload"), "roleArn");
        Post("secret on assumeRole", With(role, "secretAccessKey", ExistingSecret), "secretAccessKey");
        Post("accessKeyId on assumeRole", With(role, "accessKeyId", "AKIAIOSFODNN7EXAMPLE"), "accessKeyId");

        // Bucket paths.
        Post("bucketPath parent segment", With(key, "bucketPath", "exports/../other-tenant"), "bucketPath");
        Post("bucketPath only parent", With(key, "bucketPath", ".."), "bucketPath");
        Post("bucketPath dot segment", With(key, "bucketPath", "./exports"), "bucketPath");
        Post("bucketPath backslash", With(key, "bucketPath", "exports\\daily"), "bucketPath");
        Post("bucketPath NUL", With(key, "bucketPath", "exports\u0000daily"), "bucketPath");
        Post("bucketPath newline", With(key, "bucketPath", "exports\ndaily"), "bucketPath");
        Post("bucketPath blank folder", With(key, "bucketPath", "a/   /b"), "bucketPath");
        Post("bucketPath over 512 bytes", With(key, "bucketPath", new string('p', 600)), "bucketPath");
        Post("bucketPath over 1024 chars", With(key, "bucketPath", new string('p', 1025)), "bucketPath");

        // Fields that are never accepted from a customer.
        Post("endpoint", With(key, "endpoint", "http://169.254.169.254/"), "endpoint");
        Post("serviceUrl", With(key, "serviceUrl", "https://attacker.example/"), "serviceUrl");
        Post("endpointUrl", With(key, "endpointUrl", "https://attacker.example/"), "endpointUrl");
        Post("stsEndpoint", With(role, "stsEndpoint", "https://sts.attacker.example/"), "stsEndpoint");
        Post("externalId", With(role, "externalId", "customer-chosen"), "externalId");
        Post("unknown field", With(key, "color", "blue"), "color");
        Post("field in wrong case", With(Without(key, "secretAccessKey"), "SecretAccessKey", ExistingSecret), "SecretAccessKey");

        // Schedule time zones: IANA ids only (the night's period depends on them).
        Post("schedule timeZone unknown", With(key, "schedule", Schedule("Mars/Olympus_Mons")), "schedule.timeZone");
        Post("schedule timeZone Windows id", With(key, "schedule", Schedule("W. Europe Standard Time")), "schedule.timeZone");
        Post("schedule timeZone offset", With(key, "schedule", Schedule("+02:00")), "schedule.timeZone");
        Post("schedule timeZone path", With(key, "schedule", Schedule("../../etc/passwd")), "schedule.timeZone");
        Post("schedule timeZone number", With(key, "schedule", Schedule(JsonValue.Create(10))), "schedule.timeZone");
        Put("schedule timeZone lower-case", With(AccessKeyBody(ExistingId).ToJsonString(), "schedule", Schedule("europe/berlin")), "schedule.timeZone");

        // Destination ids in the body.
        Post("destinationId with dot", With(key, "destinationId", "a.b"), "destinationId");
        Post("destinationId 65 chars", With(key, "destinationId", new string('d', 65)), "destinationId");
        Post("destinationId empty", With(key, "destinationId", string.Empty), "destinationId");
        Post("destinationId path", With(key, "destinationId", "../x"), "destinationId");

        // Bodies that are not a JSON object, or not JSON.
        Post("array body", "[]", "body");
        Post("string body", "\"accessKey\"", "body");
        Post("number body", "42", "body");
        Post("null body", "null", "body");
        Post("truncated JSON", """{"bucket":""", "body");
        Post("single-quoted JSON", "{'bucket':'x'}", "body");
        Post("trailing comma", """{"bucket":"valid-bucket-01",}""", "body");
        Post("empty body", string.Empty, "body");
        Post("nested too deep", new string('[', 40) + new string(']', 40), "body");
        Post("oversize body", OversizeBody, "body");
        Post("oversize chunked body", OversizeChunkedBody, "body");

        // Content types.
        Post("text/plain", key, "Content-Type", contentType: "text/plain");
        Post("form", "destinationId=new-dest&bucket=valid-bucket-01", "Content-Type", contentType: "application/x-www-form-urlencoded");
        Post("xml", "<destination/>", "Content-Type", contentType: "application/xml");
        Post("no content", NoBody, "Content-Type", contentType: string.Empty);

        // Tenants in the route.
        Post("tenant with dot", key, "tenant", route: "api/tenants/a.b/destinations");
        Post("tenant 65 chars", key, "tenant", route: $"api/tenants/{new string('t', 65)}/destinations");
        Post("tenant with space", key, "tenant", route: "api/tenants/a%20b/destinations");
        Post("tenant leading dash", key, "tenant", route: "api/tenants/-leading/destinations");

        // PUT on the existing destination, with its real ETag.
        string update = AccessKeyBody(ExistingId).ToJsonString();
        Put("destination id with dot in route", update, "destinationId", route: "api/tenants/{tenant}/destinations/a.b");
        Put("destination id 65 chars in route", update, "destinationId", route: $"api/tenants/{{tenant}}/destinations/{new string('d', 65)}");
        Put("tenant with dot in route", update, "tenant", route: "api/tenants/a.b/destinations/" + ExistingId);
        Put("destinationId differs from route", With(update, "destinationId", "other-dest"), "destinationId");
        Put("bucket upper-case", With(update, "bucket", "UPPER"), "bucket");
        Put("region bad", With(update, "region", "mars-north-1x"), "region");
        Put("endpoint", With(update, "endpoint", "http://127.0.0.1:1/"), "endpoint");
        Put("externalId", With(update, "externalId", "mine"), "externalId");
        Put("missing accessKeyId", Without(update, "accessKeyId"), "accessKeyId");
        Put("secret with spaces", With(update, "secretAccessKey", "new secret with spaces"), "secretAccessKey");
        Put("roleArn on accessKey", With(update, "roleArn", "arn:aws:iam::123456789012:role/upload"), "roleArn");
        Put("bucketPath parent", With(update, "bucketPath", ".."), "bucketPath");
        Put("array body", "[]", "body");
        Put("text/plain", update, "Content-Type", contentType: "text/plain");
        Put("oversize body", OversizeBody, "body");
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task Request_Malformed_Returns400ProblemNamingFieldAndChangesNothing(
        string name, string method, string route, string contentType, string body, string field)
    {
        var fixture = await registry.StartAsync(servers);

        await fixture.AssertRejectedAsync(name, method, route, contentType, body, field);

        await fixture.AssertUnchangedAsync();
    }

    [Fact]
    public async Task Requests_AllMalformedInSequence_LeaveRegistryAndVaultExactlyAsBefore()
    {
        var fixture = await registry.StartAsync(servers);

        int count = 0;
        foreach (object[] row in MalformedRequests())
        {
            await fixture.AssertRejectedAsync((string)row[0], (string)row[1], (string)row[2], (string)row[3], (string)row[4], (string)row[5]);
            count++;
        }

        Assert.True(count >= 45, $"only {count} malformed requests");
        await fixture.AssertUnchangedAsync();
    }

    [Fact]
    public async Task Post_ScheduleWithIanaTimeZone_StoredAndShownAsGiven()
    {
        await using var session = await Session.StartAsync(servers);
        var body = AccessKeyBody("tz-dest");
        body["schedule"] = Schedule("Pacific/Honolulu");

        var (created, view) = await session.CreateAsync(body.ToJsonString());

        Assert.True(created == HttpStatusCode.Created, view.ToString());
        var schedule = (await session.GetAsync("tz-dest")).GetProperty("schedule");
        Assert.Equal("Pacific/Honolulu", schedule.GetProperty("timeZone").GetString());
        Assert.Equal(["sessions"], schedule.GetProperty("reports").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Put_WithoutIfMatch_Returns428ProblemAndChangesNothing()
    {
        var fixture = await registry.StartAsync(servers);
        string body = With(AccessKeyBody(ExistingId).ToJsonString(), "bucketPath", "changed");

        using var response = await fixture.Http.PutAsync(
            $"api/tenants/{fixture.Tenant}/destinations/{ExistingId}", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.PreconditionRequired, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(428, problem.GetProperty("status").GetInt32());
        Assert.Contains("If-Match", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await fixture.AssertUnchangedAsync();
    }

    [Fact]
    public async Task Put_StaleETag_Returns412AndKeepsTheNewerVersionAndSecret()
    {
        await using var session = await Session.StartAsync(servers);
        var (created, _) = await session.CreateAsync(AccessKeyBody("stale-dest").ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created);
        string original = await session.ETagAsync("stale-dest");

        var firstBody = AccessKeyBody("stale-dest");
        firstBody["bucketPath"] = "first/update";
        firstBody["secretAccessKey"] = "first-update-secret";
        using var first = await session.PutAsync("stale-dest", firstBody.ToJsonString(), original);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        string current = await session.ETagAsync("stale-dest");
        Assert.NotEqual(original, current);
        var secretBefore = Assert.Single(session.Vault.Secrets);
        int putsBefore = session.VaultWrites();

        var staleBody = AccessKeyBody("stale-dest");
        staleBody["bucketPath"] = "stale/update";
        staleBody["secretAccessKey"] = "stale-update-secret";
        using var stale = await session.PutAsync("stale-dest", staleBody.ToJsonString(), original);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        var view = await session.GetAsync("stale-dest");
        Assert.Equal("first/update", view.GetProperty("bucketPath").GetString());
        Assert.Equal(current, view.GetProperty("eTag").GetString());
        Assert.Equal(putsBefore, session.VaultWrites());
        var secretAfter = Assert.Single(session.Vault.Secrets);
        Assert.Equal(secretBefore.Key, secretAfter.Key);
        Assert.Equal(secretBefore.Value.Version, secretAfter.Value.Version);
        Assert.Equal("first-update-secret", secretAfter.Value.Value);
    }

    [Fact]
    public async Task Post_DuplicateDestinationId_Returns409AndLeavesOriginalAndItsSecretUnchanged()
    {
        await using var session = await Session.StartAsync(servers);
        var (created, _) = await session.CreateAsync(AccessKeyBody("dup-dest").ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created);
        var before = await session.GetAsync("dup-dest");
        var secret = Assert.Single(session.Vault.Secrets);
        int writesBefore = session.VaultWrites();

        var duplicate = AccessKeyBody("dup-dest");
        duplicate["bucket"] = "another-bucket";
        duplicate["secretAccessKey"] = "a-different-secret";
        var (status, problem) = await session.CreateAsync(duplicate.ToJsonString());

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        var after = await session.GetAsync("dup-dest");
        Assert.Equal(before.GetRawText(), after.GetRawText());
        Assert.Equal("valid-bucket-01", after.GetProperty("bucket").GetString());
        var still = Assert.Single(session.Vault.Secrets);
        Assert.Equal(secret.Key, still.Key);
        Assert.Equal(secret.Value.Version, still.Value.Version);
        Assert.Equal(ExistingSecret, still.Value.Value);
        Assert.Single(session.Vault.Versions(secret.Key));
        Assert.Equal(writesBefore, session.VaultWrites());
        Assert.Empty(session.Vault.DeletedSecretNames);
        Assert.Single((await session.ListAsync()).EnumerateArray());
    }

    [Fact]
    public async Task Post_ConcurrentCreatesOfOneId_OneWinsAndOnlyItsSecretRemains()
    {
        await using var session = await Session.StartAsync(servers);
        const int Racers = 8;
        var bodies = Enumerable.Range(0, Racers).Select(i =>
        {
            var body = AccessKeyBody("race-dest");
            body["secretAccessKey"] = $"racer-{i}-secret";
            return body.ToJsonString();
        }).ToArray();

        var results = await Task.WhenAll(bodies.Select(b => session.CreateAsync(b)));

        Assert.Equal(1, results.Count(r => r.Status == HttpStatusCode.Created));
        Assert.All(results.Where(r => r.Status != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.Status));
        var listed = Assert.Single((await session.ListAsync()).EnumerateArray());
        Assert.True(listed.GetProperty("hasSecretKey").GetBoolean());
        int winner = Array.FindIndex(results, r => r.Status == HttpStatusCode.Created);
        var secret = Assert.Single(session.Vault.Secrets);
        Assert.Equal($"racer-{winner}-secret", secret.Value.Value);
    }

    [Fact]
    public async Task Put_ConcurrentUpdatesWithOneETag_OneWinsAndTheCurrentSecretIsTheWinners()
    {
        await using var session = await Session.StartAsync(servers);
        var (created, _) = await session.CreateAsync(AccessKeyBody("rot-dest").ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created);
        string etag = await session.ETagAsync("rot-dest");
        const int Racers = 8;

        var responses = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i =>
        {
            var body = AccessKeyBody("rot-dest");
            body["secretAccessKey"] = $"rotation-{i}-secret";
            return session.PutAsync("rot-dest", body.ToJsonString(), etag);
        }));
        var statuses = responses.Select(r => r.StatusCode).ToArray();
        foreach (var response in responses)
        {
            response.Dispose();
        }

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.PreconditionFailed, s));
        int winner = Array.IndexOf(statuses, HttpStatusCode.OK);

        // Every racer wrote a version, but the registry points at the winner's: that is the secret exports use.
        var row = (await new Azure.Data.Tables.TableClient(servers.StorageConnectionString, "Destinations")
            .GetEntityAsync<Azure.Data.Tables.TableEntity>(session.Tenant, "rot-dest")).Value;
        var inUse = Assert.Single(session.Vault.Versions(row.GetString("SecretName")!), v => v.Version == row.GetString("SecretVersion"));
        Assert.Equal($"rotation-{winner}-secret", inUse.Value);
    }

    [Fact]
    public async Task Put_RoleDestinationToAccessKeyWithoutSecret_Returns400NamingSecretAccessKey()
    {
        await using var session = await Session.StartAsync(servers);
        var (created, _) = await session.CreateAsync(RoleBody("switch-dest").ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created);
        var before = await session.GetAsync("switch-dest");
        var body = AccessKeyBody("switch-dest");
        body.Remove("secretAccessKey");

        using var response = await session.PutAsync("switch-dest", body.ToJsonString(), before.GetProperty("eTag").GetString());

        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty("secretAccessKey", out _), text);
        Assert.Equal(before.GetRawText(), (await session.GetAsync("switch-dest")).GetRawText());
    }

    private static JsonObject AccessKeyBody(string id) => new()
    {
        ["destinationId"] = id,
        ["authMethod"] = "accessKey",
        ["bucket"] = "valid-bucket-01",
        ["region"] = "us-east-1",
        ["bucketPath"] = "exports/daily",
        ["accessKeyId"] = "AKIAIOSFODNN7EXAMPLE",
        ["secretAccessKey"] = ExistingSecret,
    };

    private static JsonObject Schedule(JsonNode? timeZone) => new()
    {
        ["enabled"] = true,
        ["reports"] = new JsonArray("sessions"),
        ["timeZone"] = timeZone,
    };

    private static JsonObject RoleBody(string id) => new()
    {
        ["destinationId"] = id,
        ["authMethod"] = "assumeRole",
        ["bucket"] = "valid-bucket-01",
        ["region"] = "eu-west-1",
        ["roleArn"] = "arn:aws:iam::123456789012:role/orchestrator-upload",
    };

    private static string With(string json, string name, JsonNode? value)
    {
        var body = JsonNode.Parse(json)!.AsObject();
        body[name] = value;
        return body.ToJsonString();
    }

    private static string Without(string json, string name)
    {
        var body = JsonNode.Parse(json)!.AsObject();
        Assert.True(body.Remove(name));
        return body.ToJsonString();
    }

    private static ByteArrayContent? Content(string contentType, string body)
    {
        if (body == NoBody)
        {
            return null;
        }

        if (body is OversizeBody or OversizeChunkedBody)
        {
            var big = AccessKeyBody(NewId);
            big["padding"] = new string('x', 70 * 1024);
            return new ByteArrayContent(Encoding.UTF8.GetBytes(big.ToJsonString()))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            };
        }

        return new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { ContentType = MediaTypeHeaderValue.Parse(contentType) } };
    }

    /// <summary>A runner on a free API port, with the Key Vault responder as its secret store.</summary>
    internal sealed class Session : IAsyncDisposable
    {
        private Session(RunnerSession runner, KeyVaultResponder vault, HttpClient http)
        {
            this.Runner = runner;
            this.Vault = vault;
            this.Http = http;
        }

        public RunnerSession Runner { get; }

        public KeyVaultResponder Vault { get; }

        public HttpClient Http { get; }

        public string Tenant => this.Runner.Tenant;

        public static async Task<Session> StartAsync(ServersFixture servers, IDictionary<string, string?>? extra = null)
        {
            var vault = await KeyVaultResponder.StartNewAsync();
            int port = FreePort.Next();
            var settings = new Dictionary<string, string?>(vault.RunnerSettings) { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" };
            foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
            {
                settings[k] = v;
            }

            var runner = await RunnerSession.StartAsync(servers, settings, s => vault.AddTo(s, new StaticTokenCredential()));
            return new Session(runner, vault, TestIssuer.Http(port));
        }

        public int VaultWrites() => this.Vault.Requests.Count(r => r.Method is "PUT" or "DELETE");

        public async Task<(HttpStatusCode Status, JsonElement Body)> CreateAsync(string json, string? tenant = null)
        {
            using var response = await this.Http.PostAsync(
                $"api/tenants/{tenant ?? this.Tenant}/destinations", new StringContent(json, Encoding.UTF8, "application/json"));
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        public async Task<JsonElement> GetAsync(string id, string? tenant = null)
        {
            using var response = await this.Http.GetAsync($"api/tenants/{tenant ?? this.Tenant}/destinations/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var view = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(view.GetProperty("eTag").GetString(), response.Headers.GetValues("ETag").Single());
            return view;
        }

        public async Task<string> ETagAsync(string id, string? tenant = null) =>
            (await this.GetAsync(id, tenant)).GetProperty("eTag").GetString()!;

        public async Task<JsonElement> ListAsync(string? tenant = null)
        {
            using var response = await this.Http.GetAsync($"api/tenants/{tenant ?? this.Tenant}/destinations");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("destinations");
        }

        public async Task<HttpResponseMessage> PutAsync(string id, string json, string? ifMatch, string? tenant = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"api/tenants/{tenant ?? this.Tenant}/destinations/{id}")
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            if (ifMatch is not null)
            {
                Assert.True(request.Headers.TryAddWithoutValidation("If-Match", ifMatch));
            }

            return await this.Http.SendAsync(request);
        }

        public async ValueTask DisposeAsync()
        {
            this.Http.Dispose();
            await this.Runner.DisposeAsync();
            await this.Vault.DisposeAsync();
        }
    }

    /// <summary>
    /// One runner and vault for all malformed requests, with one valid destination created at the start; what the
    /// registry and the vault held then is what they must still hold after every rejected request.
    /// </summary>
    public sealed class RegistryFixture : IAsyncLifetime
    {
        private readonly SemaphoreSlim gate = new(1, 1);
        private Session? session;
        private string initialList = string.Empty;
        private string initialETag = string.Empty;
        private string secretName = string.Empty;
        private string secretVersion = string.Empty;
        private int initialVaultWrites;

        public HttpClient Http => this.Session.Http;

        public string Tenant => this.Session.Tenant;

        private Session Session => this.session ?? throw new InvalidOperationException("Not started.");

        public async Task<RegistryFixture> StartAsync(ServersFixture servers)
        {
            await this.gate.WaitAsync();
            try
            {
                if (this.session is null)
                {
                    var started = await Session.StartAsync(servers);
                    var (status, body) = await started.CreateAsync(AccessKeyBody(ExistingId).ToJsonString());
                    Assert.True(status == HttpStatusCode.Created, body.ToString());
                    this.initialETag = await started.ETagAsync(ExistingId);
                    this.initialList = (await started.ListAsync()).GetRawText();
                    var secret = Assert.Single(started.Vault.Secrets);
                    this.secretName = secret.Key;
                    this.secretVersion = secret.Value.Version;
                    this.initialVaultWrites = started.VaultWrites();
                    this.session = started;
                }
            }
            finally
            {
                this.gate.Release();
            }

            return this;
        }

        public async Task AssertRejectedAsync(string name, string method, string route, string contentType, string body, string field)
        {
            string path = (route.Length == 0
                    ? method == "POST" ? "api/tenants/{tenant}/destinations" : "api/tenants/{tenant}/destinations/" + ExistingId
                    : route)
                .Replace("{tenant}", this.Tenant, StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Content(contentType, body) };
            if (body == OversizeChunkedBody)
            {
                request.Headers.TransferEncodingChunked = true;
            }

            if (method == "PUT")
            {
                Assert.True(request.Headers.TryAddWithoutValidation("If-Match", this.initialETag));
            }

            using var response = await this.Http.SendAsync(request);

            string text = await response.Content.ReadAsStringAsync();
            // A body that is not JSON is refused at the door (415); everything else by the handler (400).
            var expected = field == "Content-Type" && contentType.Length > 0 ? HttpStatusCode.UnsupportedMediaType : HttpStatusCode.BadRequest;
            Assert.True(response.StatusCode == expected, $"{name}: {(int)response.StatusCode} {text}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{name}: {response.Content.Headers.ContentType} {text}");
            using var problem = JsonDocument.Parse(text);
            Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), $"{name}: no error for '{field}' in {text}");
            Assert.True(messages.GetArrayLength() > 0 && messages.EnumerateArray().All(m => !string.IsNullOrWhiteSpace(m.GetString())), $"{name}: {text}");
            Assert.DoesNotContain(ExistingSecret, text, StringComparison.Ordinal);
        }

        public async Task AssertUnchangedAsync()
        {
            Assert.Equal(this.initialList, (await this.Session.ListAsync()).GetRawText());
            Assert.Equal(this.initialETag, await this.Session.ETagAsync(ExistingId));
            var secret = Assert.Single(this.Session.Vault.Secrets);
            Assert.Equal(this.secretName, secret.Key);
            Assert.Equal(this.secretVersion, secret.Value.Version);
            Assert.Equal(ExistingSecret, secret.Value.Value);
            Assert.Single(this.Session.Vault.Versions(this.secretName));
            Assert.Empty(this.Session.Vault.DeletedSecretNames);
            Assert.Equal(this.initialVaultWrites, this.Session.VaultWrites());
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (this.session is not null)
            {
                await this.session.DisposeAsync();
            }

            this.gate.Dispose();
        }
    }
}
