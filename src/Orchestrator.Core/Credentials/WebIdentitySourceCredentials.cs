using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Azure.Core;
using Microsoft.Extensions.Logging;
using Orchestrator.Logging;

namespace Orchestrator.Credentials;

/// <summary>
/// The service's own AWS credentials without a long-lived key: a token for the app's managed identity from Entra ID
/// (<see cref="TokenCredential"/>, audience <c>Sts:WebIdentityAudience</c>) exchanged by STS AssumeRoleWithWebIdentity
/// for the service role (<c>Sts:ServiceRoleArn</c>). They sign every customer AssumeRole. Cached and renewed
/// <see cref="RefreshMargin"/> before they expire; concurrent callers share one renewal.
/// </summary>
public sealed class WebIdentitySourceCredentials(
    TokenCredential tokens,
    string audience,
    string serviceRoleArn,
    int durationSeconds,
    IAmazonSecurityTokenService anonymousSts,
    TimeProvider time,
    ILogger logger) : AWSCredentials
{
    /// <summary>Renew this long before expiry, so no customer AssumeRole is signed with a dying session.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private Lazy<Task<Entry>>? pending;

    public override ImmutableCredentials GetCredentials() => this.GetCredentialsAsync().GetAwaiter().GetResult();

    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        while (true)
        {
            Lazy<Task<Entry>>? created = null;
            var lazy = Volatile.Read(ref this.pending);
            if (lazy is null)
            {
                created = new Lazy<Task<Entry>>(() => this.AssumeAsync(CancellationToken.None));
                lazy = Interlocked.CompareExchange(ref this.pending, created, null) ?? created;
            }

            Entry entry;
            try
            {
                entry = await lazy.Value;
            }
            catch
            {
                // A failure is not cached: the next call asks again.
                Interlocked.CompareExchange(ref this.pending, null, lazy);
                throw;
            }

            // Credentials this call just obtained are used even inside the refresh window (short sessions).
            if (ReferenceEquals(lazy, created) || time.GetUtcNow() < entry.RefreshAt)
            {
                return entry.Credentials;
            }

            Interlocked.CompareExchange(ref this.pending, null, lazy);
        }
    }

    private async Task<Entry> AssumeAsync(CancellationToken cancellationToken)
    {
        string scope = audience.TrimEnd('/') + "/.default";
        AccessToken token;
        try
        {
            token = await tokens.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ServiceIdentityFailed(logger, ServiceIdentityException.EntraTokenStep, ex.Message);
            throw new ServiceIdentityException(
                $"The service's AWS identity failed at step '{ServiceIdentityException.EntraTokenStep}': no token for scope '{scope}' "
                + $"(check the Functions app's managed identity and Sts:WebIdentityAudience): {ex.Message}",
                ex);
        }

        AssumeRoleWithWebIdentityResponse response;
        try
        {
            response = await anonymousSts.AssumeRoleWithWebIdentityAsync(
                new AssumeRoleWithWebIdentityRequest
                {
                    RoleArn = serviceRoleArn,
                    RoleSessionName = "orchestrator-service",
                    WebIdentityToken = token.Token,
                    DurationSeconds = durationSeconds,
                },
                cancellationToken);
        }
        catch (AmazonServiceException ex)
        {
            Log.ServiceIdentityFailed(logger, ServiceIdentityException.WebIdentityStep, $"{ex.ErrorCode}: {ex.Message}");
            throw new ServiceIdentityException(
                $"The service's AWS identity failed at step '{ServiceIdentityException.WebIdentityStep}' into {serviceRoleArn}: {ex.ErrorCode}: {ex.Message} "
                + "(check the service role's trust policy: the OIDC provider of the Entra tenant, aud and sub conditions; see docs/security-aws.md)",
                ex);
        }

        var c = response.Credentials;
        DateTimeOffset now = time.GetUtcNow();
        DateTimeOffset expires = c.Expiration is { } e ? new DateTimeOffset(e.ToUniversalTime(), TimeSpan.Zero) : now.AddMinutes(15);
        TimeSpan remaining = expires - now;
        DateTimeOffset refreshAt = remaining > 2 * RefreshMargin ? expires - RefreshMargin : now + (remaining > TimeSpan.Zero ? remaining / 2 : TimeSpan.Zero);
        Log.ServiceIdentityAssumed(logger, serviceRoleArn, audience, expires);
        return new Entry(new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken), refreshAt);
    }

    private sealed record Entry(ImmutableCredentials Credentials, DateTimeOffset RefreshAt);
}
