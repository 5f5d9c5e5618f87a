using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Orchestrator.Security;

/// <summary>Registers the caller authentication of both hosts: the standard ASP.NET Core JWT bearer handler, never bypassed.</summary>
public static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="AuthOptions"/> (at start) and registers the JWT bearer handler: issuer, audience,
    /// signature (keys from the authority's OpenID metadata) and lifetime are validated; claims keep their names.
    /// </summary>
    public static IServiceCollection AddOrchestratorAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => Uri.TryCreate(o.Authority, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps, "Auth:Authority must be an absolute https URL.")
            .Validate(o => string.IsNullOrEmpty(o.MetadataCaCertificate) || File.Exists(o.MetadataCaCertificate), "Auth:MetadataCaCertificate must name an existing PEM file.")
            .ValidateOnStart();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>>((jwt, auth) => Configure(jwt, auth.Value));
        return services;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth)
    {
        jwt.Authority = auth.Authority;
        jwt.Audience = auth.Audience;
        jwt.RequireHttpsMetadata = true;
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters.ValidateIssuer = true;
        jwt.TokenValidationParameters.ValidateAudience = true;
        jwt.TokenValidationParameters.ValidateLifetime = true;
        jwt.TokenValidationParameters.RequireExpirationTime = true;
        jwt.TokenValidationParameters.RequireSignedTokens = true;
        jwt.TokenValidationParameters.ValidateIssuerSigningKey = true;
        jwt.TokenValidationParameters.ClockSkew = auth.ClockSkew;
        jwt.TokenValidationParameters.NameClaimType = "sub";
        jwt.TokenValidationParameters.RoleClaimType = auth.RolesClaim;
        if (!string.IsNullOrEmpty(auth.MetadataCaCertificate))
        {
            jwt.BackchannelHttpHandler = PrivateRootTrust.Handler(PrivateRootTrust.Load(auth.MetadataCaCertificate));
        }
    }
}
