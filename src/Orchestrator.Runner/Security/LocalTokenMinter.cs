using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orchestrator.Security;

namespace Orchestrator.Runner.Security;

/// <summary>Signs bearer tokens as the local issuer does: RS256, its issuer and audience, the tenant and role claims of <see cref="AuthOptions"/>.</summary>
internal sealed class LocalTokenMinter
{
    private readonly SigningCredentials credentials;
    private readonly AuthOptions names;

    public LocalTokenMinter(RSA key, string keyId, string issuer, string audience, AuthOptions? names = null)
    {
        this.credentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.RsaSha256);
        this.Issuer = issuer;
        this.Audience = audience;
        this.names = names ?? new AuthOptions();
    }

    public string Issuer { get; }

    public string Audience { get; }

    /// <summary>A token for <paramref name="role"/> (null: no role at all) of <paramref name="tenant"/> (null: none), valid from now for <paramref name="lifetime"/>.</summary>
    public string Mint(ApiRole? role, string? tenant, TimeSpan lifetime, string? subject = null) =>
        this.Mint(role, tenant, DateTime.UtcNow, lifetime, subject);

    /// <summary>A token that expired <paramref name="ago"/> ago (it was valid for a minute before that).</summary>
    public string MintExpired(ApiRole role, string? tenant, TimeSpan ago) =>
        this.Mint(role, tenant, DateTime.UtcNow - ago - TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), subject: null);

    private string Mint(ApiRole? role, string? tenant, DateTime from, TimeSpan lifetime, string? subject)
    {
        var claims = new List<Claim> { new("sub", subject ?? $"local:{role?.ToString() ?? "none"}:{tenant ?? "-"}") };
        if (tenant is not null)
        {
            claims.Add(new Claim(this.names.TenantClaim, tenant));
        }

        if (role is { } granted)
        {
            claims.Add(new Claim(this.names.RolesClaim, this.names.RoleName(granted)));
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = this.Issuer,
            Audience = this.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = from,
            NotBefore = from,
            Expires = from + lifetime,
            SigningCredentials = this.credentials,
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
