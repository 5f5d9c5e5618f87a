namespace Orchestrator.Runner.Security;

/// <summary>
/// What <c>orchestrator token</c> needs to mint tokens the running local issuer's metadata verifies: written by the
/// issuer at start to a file only the user can read (a development key, never a production one).
/// </summary>
internal sealed record LocalIssuerState(string Authority, string Audience, string KeyId, string PrivateKeyPem);
