using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Security;

/// <summary>
/// Configuration section <c>Auth</c>: who issues the bearer tokens every API call needs (Microsoft Entra ID in Azure,
/// the runner's local issuer elsewhere) and which claims carry the product tenant and the roles.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The OpenID issuer URL (Entra ID: <c>https://login.microsoftonline.com/{directory-tenant-id}/v2.0</c>); its metadata gives the signing keys.</summary>
    [Required]
    public string Authority { get; set; } = string.Empty;

    /// <summary>The audience tokens must be issued for (Entra ID: the API app registration's application ID URI or client id).</summary>
    [Required]
    public string Audience { get; set; } = string.Empty;

    /// <summary>The claim that names the caller's product tenant (an optional claim or a claims-mapping policy in Entra ID).</summary>
    [Required]
    public string TenantClaim { get; set; } = "product_tenant";

    /// <summary>The claim that lists the caller's app roles.</summary>
    [Required]
    public string RolesClaim { get; set; } = "roles";

    /// <summary>The app-role value of <see cref="ApiRole.TenantReader"/>.</summary>
    [Required]
    public string ReaderRole { get; set; } = "Tenant.Reader";

    /// <summary>The app-role value of <see cref="ApiRole.TenantAdmin"/>.</summary>
    [Required]
    public string AdminRole { get; set; } = "Tenant.Admin";

    /// <summary>The app-role value of <see cref="ApiRole.Operator"/>.</summary>
    [Required]
    public string OperatorRole { get; set; } = "Orchestrator.Operator";

    /// <summary>
    /// A PEM file with the certificate that signs the issuer's HTTPS (the local issuer's self-signed one). Production
    /// leaves it empty: the metadata is fetched with the machine's trusted roots.
    /// </summary>
    public string? MetadataCaCertificate { get; set; }

    /// <summary>Tolerated clock difference between the issuer and this service when checking a token's lifetime.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The app-role value that grants <paramref name="role"/>.</summary>
    public string RoleName(ApiRole role) => role switch
    {
        ApiRole.TenantReader => this.ReaderRole,
        ApiRole.TenantAdmin => this.AdminRole,
        ApiRole.Operator => this.OperatorRole,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown role."),
    };
}
