namespace Orchestrator.Operations;

/// <summary>What cancel's cleanup did at the export's key: uploads aborted, and whether the key stayed clear.</summary>
public sealed record UploadCleanup(string Bucket, string ObjectKey, int AbortedUploads, bool Complete);
