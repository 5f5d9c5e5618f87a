using System.Net;

namespace Orchestrator.IntegrationTests.Infrastructure.Sts;

/// <summary>One request the <see cref="StsResponder"/> received, as parsed, with the status it answered.</summary>
public sealed record StsAssumeRoleCall
{
    /// <summary>Running number over all requests (1-based).</summary>
    public required int Sequence { get; init; }

    public required string? Action { get; init; }

    public required string? Version { get; init; }

    public required string? RoleArn { get; init; }

    public required string? RoleSessionName { get; init; }

    /// <summary>The raw DurationSeconds parameter; null when the client did not send it.</summary>
    public required string? DurationSeconds { get; init; }

    /// <summary>Null when the client did not send ExternalId.</summary>
    public required string? ExternalId { get; init; }

    /// <summary>The access key id in the SigV4 credential scope (our source credentials), null without a signature.</summary>
    public required string? SigningAccessKeyId { get; init; }

    /// <summary>The region in the SigV4 credential scope.</summary>
    public required string? SigningRegion { get; init; }

    /// <summary>The service in the SigV4 credential scope (must be <c>sts</c>).</summary>
    public required string? SigningService { get; init; }

    /// <summary>All form parameters, for anything not broken out above.</summary>
    public required IReadOnlyDictionary<string, string> Form { get; init; }

    public required HttpStatusCode Status { get; init; }

    /// <summary>The error code answered (AccessDenied, NoSuchEntity, Throttling, ...); null on success.</summary>
    public required string? ErrorCode { get; init; }

    /// <summary>The credentials issued by this call; null on error.</summary>
    public required StsIssuedCredentials? Issued { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
}
