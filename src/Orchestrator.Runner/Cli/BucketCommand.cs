using System.CommandLine;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Configuration;
using Orchestrator.Options;
using Orchestrator.S3;

namespace Orchestrator.Runner.Cli;

/// <summary>
/// <c>bucket create</c>: create an S3 bucket at the configured endpoint (S3:ServiceUrl; AWS when unset) with the given
/// access key, so that a local walkthrough has somewhere to export to. The demo creates its bucket the same way.
/// </summary>
internal static class BucketCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Required = true, Description = "Bucket name." };
        var region = new Option<string>("--region") { DefaultValueFactory = _ => "us-east-1" };
        var accessKey = new Option<string>("--access-key-id") { Required = true };
        var secretEnv = new Option<string>("--secret-from-env") { Required = true, Description = "Name of the environment variable that holds the secret key (kept out of the process list)." };
        var create = new Command("create", "Create a bucket (nothing to do if it exists and is yours).") { name, region, accessKey, secretEnv };
        create.SetAction(async (parse, ct) =>
        {
            string variable = parse.GetValue(secretEnv)!;
            string secret = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
                ? value
                : throw new ArgumentException($"Set {variable} to the secret key.");
            var s3Options = S3OptionsFromConfiguration();
            using var s3 = Client(s3Options, parse.GetValue(accessKey)!, secret, parse.GetValue(region)!);
            bool created = await EnsureAsync(s3, parse.GetValue(name)!, parse.GetValue(region)!, ct);
            Console.WriteLine($"Bucket {parse.GetValue(name)} {(created ? "created" : "already exists")} at {s3Options.ServiceUrl ?? "AWS"}");
            return 0;
        });
        return new Command("bucket", "Manage S3 buckets (for local servers and walkthroughs).") { create };
    }

    public static AmazonS3Client Client(S3Options options, string accessKeyId, string secret, string region) =>
        new(new BasicAWSCredentials(accessKeyId, secret), S3ClientProvider.CreateConfig(options, region));

    /// <summary>Creates the bucket; false when it already exists and these credentials can reach it.</summary>
    public static async Task<bool> EnsureAsync(IAmazonS3 s3, string bucket, string region, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s3);
        try
        {
            // S3 (and radosgw) answer 200 to creating a bucket the caller already owns: ask first, to say which it was.
            await s3.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = bucket }, ct);
            return false;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Not there yet: create it below. Any other answer (AccessDenied: someone else's bucket) is the user's to see.
        }

        var request = new PutBucketRequest { BucketName = bucket };
        if (!string.Equals(region, "us-east-1", StringComparison.Ordinal))
        {
            request.BucketRegionName = region;
        }

        try
        {
            await s3.PutBucketAsync(request, ct);
            return true;
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou")
        {
            return false;
        }
    }

    /// <summary>The S3 section as the runner binds it (appsettings.json, then S3__* environment variables).</summary>
    private static S3Options S3OptionsFromConfiguration()
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        return configuration.GetSection(S3Options.SectionName).Get<S3Options>() ?? new S3Options();
    }
}
