namespace Orchestrator.Runner.Hosting;

/// <summary>
/// One per API connection: set when Kestrel rejects a request on that connection before any middleware runs (a NUL in
/// the decoded path, a malformed request line or header, limits), read by <see cref="ProblemJsonRejectionWriter"/>.
/// </summary>
internal sealed class RejectedRequest
{
    /// <summary>Why Kestrel rejected the request (its BadHttpRequestException), or null while nothing is rejected.</summary>
    public Exception? Error { get; set; }

    /// <summary>The rejected request's method, when Kestrel parsed it (a HEAD answer must not carry a body).</summary>
    public string? Method { get; set; }
}
