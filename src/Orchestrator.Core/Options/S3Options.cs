namespace Orchestrator.Options;

/// <summary>
/// Configuration section <c>S3</c>: service-wide client settings. Unset values keep the AWS defaults; the endpoint
/// override exists for S3-compatible servers (tests, sovereign clouds) and is never taken from a tenant.
/// </summary>
public sealed class S3Options
{
    public const string SectionName = "S3";

    /// <summary>Endpoint override, e.g. <c>http://127.0.0.1:7480</c>. Empty: AWS, by the destination's region.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>STS endpoint override for AssumeRole.</summary>
    public string? StsServiceUrl { get; set; }

    /// <summary>
    /// A PEM file with the CA certificate that signs the HTTPS certificate of <see cref="ServiceUrl"/> and
    /// <see cref="StsServiceUrl"/> (an S3-compatible server with a private CA). Trusted besides the machine's roots, for
    /// those endpoints only; host names are still checked. Empty: the machine's roots (AWS).
    /// </summary>
    public string? CaCertificate { get; set; }

    /// <summary>Path-style addressing (needed by most S3-compatible servers).</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Signing region when <see cref="ServiceUrl"/> is set.</summary>
    public string? AuthenticationRegion { get; set; }

    /// <summary>Send request checksums only when the API requires them (servers that lack the newer checksum headers).</summary>
    public bool ChecksumsWhenRequiredOnly { get; set; }

    /// <summary>SDK-level quick retries per request; longer outages are retried by the orchestration.</summary>
    public int MaxErrorRetry { get; set; } = 2;

    /// <summary>Per-request timeout; also the longest a response body being read may stay silent.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
