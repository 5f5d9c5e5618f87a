namespace Orchestrator.IntegrationTests.Infrastructure.KeyVault;

/// <summary>One request the <see cref="KeyVaultResponder"/> received, in arrival order.</summary>
/// <param name="Method">HTTP method (GET, PUT, DELETE...).</param>
/// <param name="Path">URL path without the query (e.g. <c>/secrets/name/</c>).</param>
/// <param name="Url">Path and query exactly as received, for "no secret in the URL" assertions.</param>
/// <param name="HadBearerToken">Whether an <c>Authorization: Bearer ...</c> header was present.</param>
/// <param name="StatusCode">The status the responder answered with.</param>
public sealed record KeyVaultRequest(string Method, string Path, string Url, bool HadBearerToken, int StatusCode);
