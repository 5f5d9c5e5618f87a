using System.Security.Cryptography;
using Orchestrator.Http;
using Orchestrator.Imports.Attributes;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runner.Security;
using Orchestrator.Security;

namespace Orchestrator.IntegrationTests.Security;

/// <summary>
/// The matrix of docs/security.md: every route of <see cref="ApiRoutes.All"/> asked by every kind of caller, with the
/// answer each must get. Tenant A owns a destination and a finished export run; the requests are built so that a
/// caller the door lets in gets a non-refusal answer: a success, or a 400/409/428 that only the route's own handler
/// gives (a purge, a night, a delete, a backfill or a create with invalid input, so the matrix changes nothing for the
/// other cells). "Opened" therefore means: not 401, 403 or 404, and below 500.
/// </summary>
internal static class AccessMatrix
{
    /// <summary>The callers of the matrix.</summary>
    public enum Caller
    {
        NoToken,
        ExpiredToken,
        ForgedToken,
        ReaderOfA,
        AdminOfA,
        AdminOfB,
        Operator,
    }

    /// <summary>What a caller must get: the door opened, or the refusal's status.</summary>
    public const int Opened = 0;

    /// <summary>One request per route for tenant <paramref name="a"/>: its destination and finished run.</summary>
    public static IReadOnlyList<MatrixRequest> Requests(string a, string destination, string runId)
    {
        string run = RunIdSegment.Escape(runId);
        var export = new { tenant = a, destinationId = destination, report = "sessions", period = "2026-11-24" };
        var import = new { tenant = a, destinationId = destination, prefix = "matrix-nothing/" };
        var update = new { authMethod = "accessKey", bucket = "matrix-bucket", region = "us-east-1", accessKeyId = "AKIAMATRIX" };
        MatrixRequest[] requests =
        [
            new("StartExport", "POST", "exports", export),
            new("StartImport", "POST", "imports", import),
            new("GetRun", "GET", $"runs/{run}"),
            new("PurgeRuns", "POST", "runs/purge", Query: "olderThanDays=not-a-number"),
            new("GetNight", "GET", "nights/not-a-day"),
            new("StartNight", "POST", "nights/not-a-day"),
            new("ListRuns", "GET", $"tenants/{a}/runs"),
            new("GetTenantRun", "GET", $"tenants/{a}/runs/{run}"),
            new("CancelRun", "POST", $"tenants/{a}/runs/{run}/cancel"),
            new("RetryRun", "POST", $"tenants/{a}/runs/{run}/retry"),
            new("GetUserAttributes", "GET", $"tenants/{a}/users/{new string('u', UserKeys.MaxUserIdLength + 1)}/attributes"),
            new("CountAttributeValues", "GET", $"tenants/{a}/attributes/plan/counts"),
            new("RecountAttributeValues", "POST", $"tenants/{a}/attributes/recount"),
            new("ListDestinations", "GET", $"tenants/{a}/destinations"),
            new("CreateDestination", "POST", $"tenants/{a}/destinations", new { }),
            new("GetDestination", "GET", $"tenants/{a}/destinations/{destination}"),
            new("UpdateDestination", "PUT", $"tenants/{a}/destinations/{destination}", update),
            new("DeleteDestination", "DELETE", $"tenants/{a}/destinations/not.valid"),
            new("ValidateDestination", "POST", $"tenants/{a}/destinations/{destination}/validate"),
            new("GetIamPolicy", "GET", $"tenants/{a}/destinations/{destination}/iam-policy"),
            new("BackfillDestination", "POST", $"tenants/{a}/destinations/{destination}/backfill", Array.Empty<int>()),
            new("RotateExternalId", "POST", $"tenants/{a}/destinations/{destination}/rotate-external-id"),
            new("RetentionPreview", "GET", $"tenants/{a}/destinations/{destination}/retention-preview"),
        ];
        return requests;
    }

    /// <summary>The Authorization header value of <paramref name="caller"/> (null: none).</summary>
    public static string? Authorization(Caller caller, string a, string b)
    {
        var issuer = TestIssuer.Issuer;
        string? token = caller switch
        {
            Caller.NoToken => null,
            Caller.ExpiredToken => issuer.ExpiredToken(ApiRole.TenantAdmin, a, TimeSpan.FromHours(1)),
            Caller.ForgedToken => Forged(issuer),
            Caller.ReaderOfA => issuer.Token(ApiRole.TenantReader, a),
            Caller.AdminOfA => issuer.Token(ApiRole.TenantAdmin, a),
            Caller.AdminOfB => issuer.Token(ApiRole.TenantAdmin, b),
            _ => issuer.Token(ApiRole.Operator, tenant: null),
        };
        return token is null ? null : "Bearer " + token;
    }

    /// <summary>The expected answer: 401 without a valid token, 403 below the route's role, 404 for another tenant, else opened.</summary>
    public static int Expected(Caller caller, ApiRoute route) => caller switch
    {
        Caller.NoToken or Caller.ExpiredToken or Caller.ForgedToken => 401,
        Caller.Operator => Opened,
        Caller.ReaderOfA => route.Role == ApiRole.TenantReader ? Opened : 403,
        Caller.AdminOfA => route.Role == ApiRole.Operator ? 403 : Opened,

        // Tenant B's admin names tenant A in every tenant route and in the start bodies.
        _ => route.Role == ApiRole.Operator ? 403 : 404,
    };

    /// <summary>Null when <paramref name="status"/> (with its content type and WWW-Authenticate) is what <paramref name="expected"/> asks; else why not.</summary>
    public static string? Check(int expected, int status, string? contentType, string? wwwAuthenticate)
    {
        if (expected == Opened)
        {
            return status is 401 or 403 or 404 || status >= 500 ? $"expected the door to open, got {status}" : null;
        }

        if (status != expected)
        {
            return $"expected {expected}, got {status}";
        }

        if (contentType?.StartsWith("application/problem+json", StringComparison.Ordinal) != true)
        {
            return $"{status} without problem+json (Content-Type {contentType})";
        }

        return status == 401 && wwwAuthenticate?.StartsWith("Bearer", StringComparison.Ordinal) != true ? "401 without WWW-Authenticate: Bearer" : null;
    }

    /// <summary>A token with the issuer's own issuer, audience and key id, signed by another key.</summary>
    private static string Forged(LocalIssuer issuer)
    {
        using var other = RSA.Create(2048);
        return new LocalTokenMinter(other, issuer.KeyId, issuer.Issuer, issuer.Audience).Mint(ApiRole.Operator, tenant: null, TimeSpan.FromHours(1));
    }
}
