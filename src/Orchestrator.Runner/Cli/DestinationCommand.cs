using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
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
        var roleArn = new Option<string>("--role-arn") { Description = "Role to assume; the service generates its ExternalId and prints it." };
        var replace = new Option<bool>("--replace")
        {
            Description = "Replace the destination if the id exists (an update with the ETag just read; the secret is kept unless --secret-from-env is given). Without it an existing id is an error.",
        };
        var sse = new Option<string>("--sse") { Description = "Server-side encryption of every object written: none (bucket default), AES256 or aws:kms." };
        var kmsKey = new Option<string>("--kms-key-id") { Description = "KMS key ARN or alias ARN for --sse aws:kms (same region as the bucket)." };
        var bucketKey = new Option<bool>("--bucket-key") { Description = "Use an S3 Bucket Key with --sse aws:kms." };
        var acl = new Option<string>("--acl") { Description = "Canned ACL on every object written: none or bucket-owner-full-control." };
        var retentionDays = new Option<int?>("--retention-days")
        {
            Description = "Delete objects our runs wrote more than this many days ago (1-3650), when still unchanged; see destination retention-preview.",
        };
        var format = new Option<string>("--format") { Description = "Export file format: csv, csv.gz, jsonl.gz or parquet (default: the service's, csv.gz)." };
        var codec = new Option<string>("--parquet-codec") { Description = "Parquet codec: snappy (default), zstd, gzip or none." };
        var keyTemplate = new Option<string>("--key-template")
        {
            Description = "Object-key template under the bucket path, or 'hive' ({report}/dt={yyyy}-{MM}-{dd}/part-{part}.{ext}); default {report}/{yyyy}/{MM}/{dd}/{report}_{date}.{ext}.",
        };
        var maxFileMiB = new Option<int?>("--max-file-mib") { Description = "parquet/jsonl.gz: source MiB per file (1-4096); a larger report becomes several complete files." };
        var add = new Command("add", "Create a destination (through the same service and rules as POST /api/tenants/{tenant}/destinations).")
        {
            tenant, id, bucket, region, path, accessKey, secretEnv, roleArn, replace, sse, kmsKey, bucketKey, acl, retentionDays, format, codec, keyTemplate, maxFileMiB,
        };
        add.SetAction(async (parse, ct) =>
        {
            string? secret = null;
            if (parse.GetValue(secretEnv) is { } env && (secret = Environment.GetEnvironmentVariable(env)) is null)
            {
                Console.Error.WriteLine($"--secret-from-env: the environment variable {env} is not set.");
                return 2;
            }

            if (!ObjectWriteSettings.TryParseEncryption(parse.GetValue(sse), out var encryption))
            {
                Console.Error.WriteLine("--sse must be none, AES256 or aws:kms.");
                return 2;
            }

            if (!ObjectWriteSettings.TryParseAcl(parse.GetValue(acl), out var cannedAcl))
            {
                Console.Error.WriteLine("--acl must be none or bucket-owner-full-control.");
                return 2;
            }

            if (!TryLayout(parse.GetValue(format), parse.GetValue(codec), parse.GetValue(keyTemplate), parse.GetValue(maxFileMiB), out var layout))
            {
                return 2;
            }

            var draft = Draft(
                parse.GetValue(tenant)!, parse.GetValue(id)!, parse.GetValue(bucket)!, parse.GetValue(region)!, parse.GetValue(path), parse.GetValue(accessKey), secret, parse.GetValue(roleArn))
                with { WriteSettings = new ObjectWriteSettings(encryption, parse.GetValue(kmsKey), parse.GetValue(bucketKey), cannedAcl), RetentionDays = parse.GetValue(retentionDays), Layout = layout };
            await using var host = await CliHost.StartAsync(null, ct);
            var service = host.App.Services.GetRequiredService<DestinationService>();
            StoredDestination saved;
            try
            {
                saved = parse.GetValue(replace) ? await service.CreateOrReplaceAsync(draft, ct) : await service.CreateAsync(draft, ct);
            }
            catch (DestinationValidationException ex)
            {
                Console.Error.WriteLine($"{ex.Field} {ex.Message}");
                return 2;
            }
            catch (DestinationConflictException ex)
            {
                Console.Error.WriteLine(parse.GetValue(replace) ? ex.Message : $"{ex.Message} Use --replace to change it.");
                return 1;
            }

            var d = saved.Destination;
            Console.WriteLine($"Destination {d.TenantId}/{d.DestinationId} -> s3://{d.Bucket}/{d.BucketPath}");
            if (d.WriteSettings != ObjectWriteSettings.Default)
            {
                Console.WriteLine($"Every object written with{Orchestrator.Validation.ObjectWriteProbe.Describe(d)[" with".Length..]} (see destination iam-policy for the grants it needs)");
            }
            if (d.ExternalId is not null)
            {
                Console.WriteLine($"ExternalId {d.ExternalId} (generated: put it in the role's trust policy; see destination iam-policy)");
            }

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

            IamPolicyDocuments documents;
            try
            {
                documents = IamPolicyGenerator.Generate(destination, app.Services.GetRequiredService<IOptions<StsOptions>>().Value.TrustedPrincipalArns);
            }
            catch (TrustPolicyUnavailableException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return 1;
            }

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
        return new Command("destination", "Manage destinations.") { add, policy, RetentionPreviewCommand.Create() };
    }

    /// <summary>The draft the CLI options describe: an IAM-role destination when a role ARN is given, else an access-key one.</summary>
    internal static DestinationDraft Draft(
        string tenantId, string destinationId, string bucket, string region, string? bucketPath, string? accessKeyId, string? secret, string? roleArn) =>
        roleArn is null
            ? new DestinationDraft(tenantId, destinationId, AuthMethod.AccessKey, bucket, region, bucketPath ?? string.Empty, accessKeyId, secret, null)
            : new DestinationDraft(tenantId, destinationId, AuthMethod.AssumeRole, bucket, region, bucketPath ?? string.Empty, null, null, roleArn);

    /// <summary>The export layout from the CLI options; false (and a message naming the option) when one is invalid.</summary>
    internal static bool TryLayout(string? formatText, string? codecText, string? template, int? maxFileMiB, out ExportLayout layout)
    {
        layout = ExportLayout.Default;
        Exports.Formats.ExportFormat? format = null;
        if (formatText is not null)
        {
            if (!Exports.Formats.ExportFormats.TryParse(formatText, out var parsed))
            {
                Console.Error.WriteLine($"--format {Exports.Formats.ExportFormats.Rule}.");
                return false;
            }

            format = parsed;
        }

        var codec = Exports.Formats.ParquetCodec.Snappy;
        if (codecText is not null && !Exports.Formats.ExportFormats.TryParseCodec(codecText, out codec))
        {
            Console.Error.WriteLine($"--parquet-codec {Exports.Formats.ExportFormats.CodecRule}.");
            return false;
        }

        layout = new ExportLayout(format, codec, template is null ? null : Exports.ExportKeyTemplate.Expand(template), maxFileMiB);
        return true;
    }
}
