using Orchestrator.Domain;

namespace Orchestrator.Exports.Models;

/// <summary>Output of the validation step: what the run will write to (no credentials).</summary>
public sealed record DestinationSummary(string Bucket, string Region, string BucketPath, AuthMethod AuthMethod);
