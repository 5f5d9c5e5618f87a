using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Orchestrator.Runner.Security;

/// <summary>
/// The dev sign-in's authorization codes: random, short-lived, redeemable once, and only with the verifier whose
/// SHA-256 is the challenge the console sent (PKCE, S256).
/// </summary>
internal sealed class DevSignInCodes(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, DevSignInGrant> grants = new(StringComparer.Ordinal);

    public string Issue(DevSignInGrant grant)
    {
        foreach (var (code, old) in this.grants)
        {
            if (old.ExpiresAt <= time.GetUtcNow())
            {
                this.grants.TryRemove(code, out _);
            }
        }

        string issued = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        this.grants[issued] = grant;
        return issued;
    }

    /// <summary>The grant of <paramref name="code"/> (removed: a code works once), or null with the reason.</summary>
    public DevSignInGrant? Redeem(string? code, string? verifier, string? redirectUri, out string? reason)
    {
        if (string.IsNullOrEmpty(code) || !this.grants.TryRemove(code, out var grant))
        {
            reason = "unknown or already used code";
            return null;
        }

        if (grant.ExpiresAt <= time.GetUtcNow())
        {
            reason = "the code expired";
            return null;
        }

        if (!string.Equals(grant.RedirectUri, redirectUri, StringComparison.Ordinal))
        {
            reason = "redirect_uri differs from the authorization request's";
            return null;
        }

        if (verifier is null || verifier.Length is < 43 or > 128
            || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))),
                Encoding.ASCII.GetBytes(grant.CodeChallenge)))
        {
            reason = "code_verifier does not match the code_challenge";
            return null;
        }

        reason = null;
        return grant;
    }
}
