namespace Orchestrator.IntegrationTests.Infrastructure.Sts;

/// <summary>Temporary credentials the <see cref="StsResponder"/> handed out (unique per call).</summary>
public sealed record StsIssuedCredentials(
    string RoleArn,
    string RoleSessionName,
    string AccessKeyId,
    string SecretAccessKey,
    string SessionToken,
    DateTimeOffset Expiration);
