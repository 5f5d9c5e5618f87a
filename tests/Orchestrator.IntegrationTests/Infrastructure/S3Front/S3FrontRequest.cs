namespace Orchestrator.IntegrationTests.Infrastructure.S3Front;

/// <summary>One request as the S3 front saw it, and what it did with it.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Bucket">First path segment (path-style addressing).</param>
/// <param name="Key">The rest of the path (URL-decoded), or null for a bucket request.</param>
/// <param name="Query">Query string, as sent.</param>
/// <param name="SigningRegion">Region of the SigV4 credential scope.</param>
/// <param name="IntegrityHeaders">Content-MD5 and x-amz-checksum-* headers present (names, lower case).</param>
/// <param name="Status">Status answered.</param>
public sealed record S3FrontRequest(string Method, string Bucket, string? Key, string Query, string? SigningRegion, IReadOnlyList<string> IntegrityHeaders, int Status)
{
    /// <summary>A PutObject or UploadPart (a PUT with a body to a key that is not a copy).</summary>
    public bool IsUpload => this.Method == "PUT" && this.Key is not null;

    public bool IsUploadPart => this.IsUpload && this.Query.Contains("partNumber=", StringComparison.Ordinal);
}
