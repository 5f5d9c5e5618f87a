using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Credentials;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.Iam;
using Orchestrator.Options;
using Microsoft.Extensions.Options;

namespace Orchestrator.Runner.Cli;

/// <summary><c>destination add</c>: register an S3 destination; the secret key goes to the secret store only.</summary>
internal static class DestinationCommand
{
    public static Command Create()
    {
        var tenant = new Option<string>("--tenant") { Required = true };
        var id = new Option<string>("--id") { Required = true, Description = "Destination id." };
        var bucket = new Option<string>("--bucket") { Required = true };
        var region = new Option<string>("--region") { DefaultValueFactory = _ => "us-east-1" };
        var path = new Option<string>("--path") { Description = "Optional bucket path (sub-folder)." };
        var accessKey = new Option<string>("--access-key-id");
        var secretEnv = new Option<string>("--secret-from-env") { Description = "Name of the environment variable that holds the secret key (kept out of the process list)." };
        var roleArn = new Option<string>("--role-arn");
        var externalId = new Option<string>("--external-id");
        var add = new Command("add", "Create or replace a destination.") { tenant, id, bucket, region, path, accessKey, secretEnv, roleArn, externalId };
        add.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.StartAsync(null, ct);
            var app = host.App;
            var destination = await SaveAsync(
                app.Services,
                new Destination
                {
                    TenantId = parse.GetValue(tenant)!,
                    DestinationId = parse.GetValue(id)!,
                    Bucket = parse.GetValue(bucket)!,
                    Region = parse.GetValue(region)!,
                    BucketPath = parse.GetValue(path) ?? string.Empty,
                    AuthMethod = parse.GetValue(roleArn) is null ? AuthMethod.AccessKey : AuthMethod.AssumeRole,
                    AccessKeyId = parse.GetValue(accessKey),
                    RoleArn = parse.GetValue(roleArn),
                    ExternalId = parse.GetValue(externalId),
                },
                parse.GetValue(secretEnv) is { } env ? Environment.GetEnvironmentVariable(env) : null,
                ct);
            Console.WriteLine($"Destination {destination.TenantId}/{destination.DestinationId} -> s3://{destination.Bucket}/{destination.BucketPath}");
            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        var policyTenant = new Option<string>("--tenant") { Required = true };
        var policyId = new Option<string>("--id") { Required = true, Description = "Destination id." };
        var policy = new Command("iam-policy", "Print the IAM permission policy (and, for role destinations, the trust policy) to paste into AWS.") { policyTenant, policyId };
        policy.SetAction(async (parse, ct) =>
        {
            await using var host = await CliHost.StartAsync(null, ct);
            var app = host.App;
            var destination = await app.Services.GetRequiredService<IDestinationStore>().GetAsync(parse.GetValue(policyTenant)!, parse.GetValue(policyId)!, ct);
            if (destination is null)
            {
                Console.Error.WriteLine("No such destination for this tenant.");
                return 1;
            }

            var documents = IamPolicyGenerator.Generate(destination, app.Services.GetRequiredService<IOptions<StsOptions>>().Value.TrustedPrincipalArns);
            var indented = new System.Text.Json.JsonSerializerOptions { WriteIndented = true };
            Console.WriteLine("Permission policy:");
            Console.WriteLine(documents.PermissionPolicy.ToJsonString(indented));
            if (documents.TrustPolicy is not null)
            {
                Console.WriteLine($"Trust policy (ExternalId {destination.ExternalId}):");
                Console.WriteLine(documents.TrustPolicy.ToJsonString(indented));
            }

            await app.StopAsync(CancellationToken.None);
            return 0;
        });
        return new Command("destination", "Manage destinations.") { add, policy };
    }

    /// <summary>Normalises the path, stores the secret (access-key destinations) and the destination.</summary>
    internal static async Task<Destination> SaveAsync(IServiceProvider services, Destination destination, string? secret, CancellationToken ct)
    {
        if (!BucketPath.TryNormalize(destination.BucketPath, out string? normalized, out string? error))
        {
            throw new ArgumentException($"bucket path {error}");
        }

        destination = destination with { BucketPath = normalized };
        if (destination.AuthMethod == AuthMethod.AccessKey)
        {
            if (string.IsNullOrEmpty(secret))
            {
                throw new ArgumentException("An access-key destination needs its secret key (--secret-from-env).");
            }

            string name = DestinationSecrets.SecretName(destination.TenantId, destination.DestinationId);
            await services.GetRequiredService<ISecretStore>().SetSecretAsync(name, secret, ct);
            destination = destination with { SecretName = name };
        }

        var problems = DestinationRules.Validate(destination);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems.Select(p => $"{p.Key} {p.Value}")));
        }

        await services.GetRequiredService<IDestinationStore>().UpsertAsync(destination, ct);
        return destination;
    }
}
