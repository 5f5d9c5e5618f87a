using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Destinations;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Options;
using Orchestrator.Reports;
using Orchestrator.Runner.Hosting;
using Orchestrator.S3;

namespace Orchestrator.Runner.Cli;

/// <summary>
/// <c>demo</c>: the main job end to end against the configured S3 and Table Storage: create the bucket, register an
/// access-key destination with a bucket path, export a synthetic Insights report through the orchestration with
/// progress, read object and manifest back to verify them, and print where the object is.
/// </summary>
internal static class DemoCommand
{
    private const string Tenant = "demo";
    private const string DestinationId = "demo-s3";
    private const string Report = "sessions";
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var backend = CommonOptions.Backend();
        var rows = new Option<long>("--rows") { Description = "Rows of the synthetic report (2,000,000 is about 208 MiB uncompressed).", DefaultValueFactory = _ => 2_000_000 };
        var bucket = new Option<string>("--bucket") { DefaultValueFactory = _ => "orchestrator-demo" };
        var path = new Option<string>("--path") { Description = "Bucket path (sub-folder).", DefaultValueFactory = _ => "subfolder name" };
        var accessKey = new Option<string>("--access-key-id") { Required = true };
        var secretEnv = new Option<string>("--secret-from-env") { Description = "Environment variable holding the secret key.", DefaultValueFactory = _ => "DEMO_SECRET_KEY" };
        var period = new Option<string>("--period") { DefaultValueFactory = _ => "2026-11-24" };
        var format = new Option<string>("--format") { Description = "File format: csv, csv.gz (default), jsonl.gz or parquet." };
        var codec = new Option<string>("--parquet-codec") { Description = "Parquet codec: snappy (default), zstd, gzip or none." };
        var keyTemplate = new Option<string>("--key-template") { Description = "Key template, e.g. hive (default: today's layout)." };
        var maxFileMiB = new Option<int?>("--max-file-mib") { Description = "parquet/jsonl.gz: source MiB per file." };
        var command = new Command("demo", "Export a synthetic report end to end and verify it.") { backend, rows, bucket, path, accessKey, secretEnv, period, format, codec, keyTemplate, maxFileMiB };
        command.SetAction(async (parse, ct) =>
        {
            if (!DestinationCommand.TryLayout(parse.GetValue(format), parse.GetValue(codec), parse.GetValue(keyTemplate), parse.GetValue(maxFileMiB), out var layout))
            {
                return 2;
            }

            var overrides = CommonOptions.Overrides(parse, backend);
            overrides["Reports:Source"] = nameof(ReportSourceKind.Synthetic);
            overrides["Reports:SyntheticRows"] = parse.GetValue(rows).ToString(CultureInfo.InvariantCulture);
            await using var host = await CliHost.StartAsync(overrides, ct);
            var app = host.App;
            string secret = Environment.GetEnvironmentVariable(parse.GetValue(secretEnv)!)
                ?? throw new ArgumentException($"Set {parse.GetValue(secretEnv)} to the secret key.");
            var day = DateOnly.ParseExact(parse.GetValue(period)!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

            var s3Options = app.Services.GetRequiredService<IOptions<S3Options>>().Value;
            using var admin = BucketCommand.Client(s3Options, parse.GetValue(accessKey)!, secret, "us-east-1");
            bool created = await BucketCommand.EnsureAsync(admin, parse.GetValue(bucket)!, "us-east-1", ct);
            Console.WriteLine($"Bucket {parse.GetValue(bucket)} {(created ? "created" : "already exists")} at {s3Options.ServiceUrl ?? "AWS"}");

            // The demo's destination is replaced on every run (same service and rules as the HTTP API).
            var destination = (await app.Services.GetRequiredService<DestinationService>().CreateOrReplaceAsync(
                DestinationCommand.Draft(Tenant, DestinationId, parse.GetValue(bucket)!, "us-east-1", parse.GetValue(path), parse.GetValue(accessKey), secret, roleArn: null) with { Layout = layout },
                ct)).Destination;
            Console.WriteLine($"Destination {Tenant}/{DestinationId} -> s3://{destination.Bucket}/{destination.BucketPath}/ (secret in the secret store)");

            var client = app.Services.GetRequiredService<DurableTaskClient>();
            var request = new ExportRequest(Tenant, DestinationId, Report, day);
            var clock = Stopwatch.StartNew();
            var outcome = await app.Services.GetRequiredService<ExportRunStarter>().StartAsync(client, request, force: true, ct);
            Console.WriteLine($"Export run {outcome.InstanceId}: {SyntheticInsightsReport.Length(parse.GetValue(rows)) / 1048576.0:0.0} MiB of synthetic Insights data");
            var finished = await new ProgressPrinter(Console.Out).FollowAsync(client, outcome.InstanceId, ct);
            if (CliOutput.Report(finished, Console.Out) != 0)
            {
                return 1;
            }

            clock.Stop();
            var result = JsonSerializer.Deserialize<ExportResult>(finished.SerializedOutput!, WebJson)!;
            if (layout.Format is { } typed && Exports.Formats.ExportFormats.IsTyped(typed))
            {
                var (manifest, checksums, stored) = await DatasetVerifier.VerifyAsync(admin, result, ct);
                bool rowsMatch = manifest.RowCount == parse.GetValue(rows);
                Console.WriteLine(
                    $"Verified: {manifest.Files?.Count} {manifest.Format} file(s), {stored} bytes stored, {manifest.RowCount} rows ({(rowsMatch ? "all" : "NOT all")} of the report); " +
                    $"CRC32C of every file {(checksums ? "matches" : "DOES NOT MATCH")} the manifest; schema {manifest.Schema.Fingerprint}.");
                foreach (var file in manifest.Files ?? [])
                {
                    Console.WriteLine($"File:     s3://{result.Bucket}/{file.Key} ({file.Rows} rows)");
                }

                Console.WriteLine($"Manifest: s3://{result.Bucket}/{result.ManifestKey}");
                Console.WriteLine($"Exported in {clock.Elapsed.TotalSeconds:0.0} s.");
                await app.StopAsync(CancellationToken.None);
                return checksums && rowsMatch ? 0 : 2;
            }

            var verification = await ExportVerifier.VerifyAsync(admin, result, new ReportLocator(Tenant, Report, day), ct);
            Console.WriteLine(
                $"Verified: {verification.StoredBytes} bytes stored, {verification.UncompressedBytes} bytes of CSV, {verification.Rows} rows; " +
                $"CRC32C {(verification.ChecksumMatches ? "matches" : "DOES NOT MATCH")} the manifest; content {(verification.ContentMatches == true ? "identical to" : "DIFFERENT from")} the generated report.");
            Console.WriteLine($"Object:   s3://{result.Bucket}/{result.ObjectKey}");
            Console.WriteLine($"Manifest: s3://{result.Bucket}/{result.ManifestKey}");
            Console.WriteLine($"Exported in {clock.Elapsed.TotalSeconds:0.0} s ({verification.UncompressedBytes / 1048576.0 / clock.Elapsed.TotalSeconds:0} MiB/s of CSV).");
            await app.StopAsync(CancellationToken.None);
            return verification.IsValid ? 0 : 2;
        });
        return command;
    }
}
