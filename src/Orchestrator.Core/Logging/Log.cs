using Microsoft.Extensions.Logging;

namespace Orchestrator.Logging;

/// <summary>Source-generated structured log messages with stable event ids. Never log a secret value.</summary>
internal static partial class Log
{
    // Messages written inside a run (orchestrators and activities) leave the run id, tenant and destination to the
    // run's log scope (RunLogScope), which every line of the run carries: the console shows each of them once.
    [LoggerMessage(1000, LogLevel.Information, "Export started: report {Report}, period {Period}")]
    public static partial void ExportStarted(ILogger logger, string report, string period);

    [LoggerMessage(1001, LogLevel.Information, "Export planned: {PartCount} {PartNoun} for s3://{Bucket}/{ObjectKey} (upload {UploadId})")]
    private static partial void ExportPlanned(ILogger logger, int partCount, string partNoun, string bucket, string objectKey, string uploadId);

    public static void ExportPlanned(ILogger logger, int partCount, string bucket, string objectKey, string uploadId) =>
        ExportPlanned(logger, partCount, Plural.Noun(partCount, "part"), bucket, objectKey, uploadId);

    [LoggerMessage(1002, LogLevel.Information, "Export completed: {Bytes} bytes, {Rows} {RowNoun} in {Parts} {PartNoun}")]
    private static partial void ExportCompleted(ILogger logger, long bytes, long rows, string rowNoun, int parts, string partNoun);

    public static void ExportCompleted(ILogger logger, long bytes, long rows, int parts) =>
        ExportCompleted(logger, bytes, rows, Plural.Noun(rows, "row"), parts, Plural.Noun(parts, "part"));

    [LoggerMessage(1003, LogLevel.Error, "Export failed: {Error}")]
    public static partial void ExportFailed(ILogger logger, string error);

    [LoggerMessage(1004, LogLevel.Warning, "Export could not abort upload {UploadId}: {Error}")]
    public static partial void AbortFailed(ILogger logger, string uploadId, string error);

    [LoggerMessage(1100, LogLevel.Error, "Import failed: {Error}")]
    public static partial void ImportFailed(ILogger logger, string error);

    [LoggerMessage(1101, LogLevel.Information, "Import started: prefix {Prefix}")]
    public static partial void ImportStarted(ILogger logger, string prefix);

    [LoggerMessage(1102, LogLevel.Debug, "Import skipped {Key}: imported before with ETag {ETag}")]
    public static partial void ImportFileSkipped(ILogger logger, string key, string eTag);

    [LoggerMessage(1103, LogLevel.Information, "Import imported {Key}: {Rows} {RowNoun}, {Rejected} rejected")]
    private static partial void ImportFileImported(ILogger logger, string key, long rows, string rowNoun, long rejected);

    public static void ImportFileImported(ILogger logger, string key, long rows, long rejected) =>
        ImportFileImported(logger, key, rows, Plural.Noun(rows, "row"), rejected);

    [LoggerMessage(1104, LogLevel.Warning, "Import could not import {Key}: {Reason}")]
    public static partial void ImportFileFailed(ILogger logger, string key, string reason);

    [LoggerMessage(1106, LogLevel.Information, "Import continues as new: generation {Generation} after {FilesSeen} files")]
    public static partial void ImportContinued(ILogger logger, int generation, int filesSeen);

    [LoggerMessage(1105, LogLevel.Information, "Import completed: {FilesImported} of {FilesSeen} {FileNoun} imported ({FilesSkipped} unchanged, {FilesFailed} failed), {Rows} {RowNoun}, {Rejected} rejected")]
    private static partial void ImportCompleted(ILogger logger, int filesImported, int filesSeen, string fileNoun, int filesSkipped, int filesFailed, long rows, string rowNoun, long rejected);

    public static void ImportCompleted(ILogger logger, int filesImported, int filesSeen, int filesSkipped, int filesFailed, long rows, long rejected) =>
        ImportCompleted(logger, filesImported, filesSeen, Plural.Noun(filesSeen, "file"), filesSkipped, filesFailed, rows, Plural.Noun(rows, "row"), rejected);

    [LoggerMessage(1010, LogLevel.Debug, "Part {PartNumber} of s3://{Bucket}/{ObjectKey} uploaded: {Size} bytes")]
    public static partial void PartUploaded(ILogger logger, int partNumber, string bucket, string objectKey, long size);

    [LoggerMessage(1011, LogLevel.Information, "Aborted stale multipart upload {UploadId} of s3://{Bucket}/{ObjectKey}")]
    public static partial void StaleUploadAborted(ILogger logger, string uploadId, string bucket, string objectKey);

    [LoggerMessage(1014, LogLevel.Warning, "Not allowed to list multipart uploads of s3://{Bucket} (s3:ListBucketMultipartUploads); skipped cleaning stale uploads of {ObjectKey}")]
    public static partial void StaleUploadCheckDenied(ILogger logger, string bucket, string objectKey);

    [LoggerMessage(1012, LogLevel.Information, "Upload {UploadId} of s3://{Bucket}/{ObjectKey} was already completed by an earlier attempt")]
    public static partial void UploadAlreadyCompleted(ILogger logger, string uploadId, string bucket, string objectKey);

    [LoggerMessage(1013, LogLevel.Information, "Aborted multipart upload {UploadId} of s3://{Bucket}/{ObjectKey}")]
    public static partial void UploadAborted(ILogger logger, string uploadId, string bucket, string objectKey);

    [LoggerMessage(1020, LogLevel.Debug, "Credentials resolved for tenant {TenantId}, destination {DestinationId} via {Source}")]
    public static partial void CredentialsResolved(ILogger logger, string tenantId, string destinationId, string source);

    [LoggerMessage(1200, LogLevel.Information, "Run {RunId} history is not available from the {Source}: {Reason}")]
    public static partial void HistoryUnavailable(ILogger logger, string runId, string source, string reason);

    [LoggerMessage(1201, LogLevel.Warning, "Run {RunId} cancelled by an operator")]
    public static partial void RunCancelled(ILogger logger, string runId);

    [LoggerMessage(1202, LogLevel.Information, "Run {RunId} cancel: aborted multipart upload {UploadId} of s3://{Bucket}/{ObjectKey}")]
    public static partial void CancelAbortedUpload(ILogger logger, string runId, string uploadId, string bucket, string objectKey);

    [LoggerMessage(1203, LogLevel.Warning, "Run {RunId} cancel: uploads of s3://{Bucket}/{ObjectKey} still appeared after {Seconds} s")]
    public static partial void CancelCleanupIncomplete(ILogger logger, string runId, string bucket, string objectKey, double seconds);

    [LoggerMessage(1204, LogLevel.Information, "Run {RunId} retried (restarted with its original input)")]
    public static partial void RunRetried(ILogger logger, string runId);

    [LoggerMessage(1205, LogLevel.Information, "Purging finished durable instances created before {CutOff:o}")]
    public static partial void PurgeStarting(ILogger logger, DateTimeOffset cutOff);

    [LoggerMessage(1206, LogLevel.Information, "Purged {Count} durable instances created before {CutOff:o} in {Batches} batches")]
    public static partial void PurgeCompleted(ILogger logger, int count, DateTimeOffset cutOff, int batches);

    [LoggerMessage(1207, LogLevel.Warning, "Run {RunId} cancel: could not record the cancellation in the run table: {Error}")]
    public static partial void CancelRecordFailed(ILogger logger, string runId, string error);

    [LoggerMessage(1208, LogLevel.Warning, "Destination {DestinationId} of tenant {TenantId} is being deleted: cancelling its run {RunId}")]
    public static partial void DeletionCancelsRun(ILogger logger, string tenantId, string destinationId, string runId);

    [LoggerMessage(1209, LogLevel.Error, "Recording the run's failure failed too: {Error}")]
    public static partial void RunFailureNotRecorded(ILogger logger, string error);

    [LoggerMessage(1210, LogLevel.Warning, "Could not note this execution of {Activity} (the timeline will count one execution less): {Error}")]
    public static partial void ExecutionNotRecorded(ILogger logger, string activity, string error);

    // 1500-1509: retention (issue 14 item 6).
    [LoggerMessage(1500, LogLevel.Information, "Retention deleted s3://{Bucket}/{ObjectKey} (written by run {WrittenBy})")]
    public static partial void RetentionDeleted(ILogger logger, string bucket, string objectKey, string writtenBy);

    [LoggerMessage(1501, LogLevel.Information, "Retention kept s3://{Bucket}/{ObjectKey}: it changed since run {WrittenBy} wrote it")]
    public static partial void RetentionKeptChanged(ILogger logger, string bucket, string objectKey, string writtenBy);

    [LoggerMessage(1502, LogLevel.Warning, "Retention step failed (the export itself succeeded): {Error}")]
    public static partial void RetentionFailed(ILogger logger, string error);
}
