using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Domain;
using Orchestrator.Errors;
using Orchestrator.Logging;
using Orchestrator.Options;
using Orchestrator.Runs;

namespace Orchestrator.Credentials;

/// <inheritdoc />
public sealed class DestinationCredentialProvider(
    ISecretStore secrets,
    Lazy<IAmazonSecurityTokenService> sts,
    IOptions<SecretStoreOptions> secretOptions,
    IOptions<StsOptions> stsOptions,
    TimeProvider time,
    ILogger<DestinationCredentialProvider> logger) : IDestinationCredentialProvider
{
    /// <summary>Credentials are refreshed this long before they expire, so no request starts with a dying token.</summary>
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Lazy<Task<Entry>>> cache = new(StringComparer.Ordinal);

    public async ValueTask<ImmutableCredentials> GetCredentialsAsync(Destination destination, CancellationToken cancellationToken)
    {
        string key = CacheKey(destination);
        while (true)
        {
            Lazy<Task<Entry>>? created = null;
            var lazy = this.cache.GetOrAdd(key, _ => created = new Lazy<Task<Entry>>(() => this.ResolveAsync(destination, CancellationToken.None)));
            Entry entry;
            try
            {
                entry = await lazy.Value.WaitAsync(cancellationToken);
            }
            catch when (!cancellationToken.IsCancellationRequested)
            {
                // A failed lookup is not cached; a caller that merely gave up leaves the shared lookup running.
                this.cache.TryRemove(new KeyValuePair<string, Lazy<Task<Entry>>>(key, lazy));
                throw;
            }

            // Credentials this call just resolved are used even when already inside the refresh window
            // (short sessions, clock skew): otherwise the loop would assume the role forever.
            if (ReferenceEquals(lazy, created) || time.GetUtcNow() < entry.RefreshAt)
            {
                return entry.Credentials;
            }

            this.cache.TryRemove(new KeyValuePair<string, Lazy<Task<Entry>>>(key, lazy));
        }
    }

    public void Invalidate(Destination destination) => this.cache.TryRemove(CacheKey(destination), out _);

    /// <summary>Keyed by every field that decides the credentials, so an edited destination never reuses old ones.</summary>
    private static string CacheKey(Destination d) =>
        string.Join("\n", d.TenantId, d.DestinationId, d.AuthMethod, d.AccessKeyId, d.SecretName, d.SecretVersion, d.RoleArn, d.ExternalId);

    private async Task<Entry> ResolveAsync(Destination destination, CancellationToken cancellationToken)
    {
        switch (destination.AuthMethod)
        {
            case AuthMethod.AccessKey:
                {
                    if (string.IsNullOrEmpty(destination.AccessKeyId) || string.IsNullOrEmpty(destination.SecretName))
                    {
                        throw new PermanentRunException("The destination uses an access key but has no access key id or secret reference.");
                    }

                    string secret = await secrets.GetSecretAsync(destination.SecretName, destination.SecretVersion, cancellationToken);
                    Log.CredentialsResolved(logger, destination.TenantId, destination.DestinationId, "secret");
                    return new Entry(
                        new ImmutableCredentials(destination.AccessKeyId, secret, token: null),
                        time.GetUtcNow() + secretOptions.Value.CacheDuration);
                }

            case AuthMethod.AssumeRole:
                {
                    if (string.IsNullOrEmpty(destination.RoleArn))
                    {
                        throw new PermanentRunException("The destination uses an IAM role but has no role ARN.");
                    }

                    // Never assume a customer's role without our ExternalId: that is the confused-deputy hole it closes.
                    if (string.IsNullOrEmpty(destination.ExternalId))
                    {
                        throw new PermanentRunException(
                            "The destination uses an IAM role but has no ExternalId, so the service will not assume it: rotate the destination's ExternalId "
                            + "(POST .../rotate-external-id) and put the new value in the role's trust policy (sts:ExternalId condition).");
                    }

                    var request = new AssumeRoleRequest
                    {
                        RoleArn = destination.RoleArn,
                        RoleSessionName = SessionName(destination),
                        DurationSeconds = stsOptions.Value.DurationSeconds,
                        ExternalId = destination.ExternalId,
                    };
                    var response = await sts.Value.AssumeRoleAsync(request, cancellationToken);
                    var c = response.Credentials;
                    Log.CredentialsResolved(logger, destination.TenantId, destination.DestinationId, "assume-role");
                    DateTimeOffset now = time.GetUtcNow();
                    DateTimeOffset expires = c.Expiration is { } e ? new DateTimeOffset(e.ToUniversalTime(), TimeSpan.Zero) : now.AddMinutes(15);
                    return new Entry(new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken), RefreshAt(now, expires));
                }

            default:
                throw new PermanentRunException($"Unknown authentication method '{destination.AuthMethod}'.");
        }
    }

    /// <summary>Refresh <see cref="RefreshMargin"/> before expiry; for short sessions, half-way through.</summary>
    private static DateTimeOffset RefreshAt(DateTimeOffset now, DateTimeOffset expires)
    {
        TimeSpan remaining = expires - now;
        return remaining > 2 * RefreshMargin ? expires - RefreshMargin : now + (remaining > TimeSpan.Zero ? remaining / 2 : TimeSpan.Zero);
    }

    /// <summary>Role session names identify tenant and destination in the customer's CloudTrail (max 64 chars).</summary>
    internal static string SessionName(Destination destination)
    {
        string name = $"orchestrator-{destination.TenantId}-{destination.DestinationId}";
        return name.Length <= 64 ? name : name[..64];
    }

    private sealed record Entry(ImmutableCredentials Credentials, DateTimeOffset RefreshAt);
}
