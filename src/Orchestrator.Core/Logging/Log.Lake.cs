using Microsoft.Extensions.Logging;

namespace Orchestrator.Logging;

/// <summary>5000-5099: lake exports (issue 15): typed files, stale files of earlier runs.</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "Export planned as {Format}: {Ranges} nominal file range(s) of s3://{Bucket}, manifest {ManifestKey}")]
    public static partial void TypedExportPlanned(ILogger logger, string format, int ranges, string bucket, string manifestKey);

    [LoggerMessage(5001, LogLevel.Debug, "File {PartNumber} s3://{Bucket}/{ObjectKey} written: {Size} bytes, {Rows} rows")]
    public static partial void FileWritten(ILogger logger, int partNumber, string bucket, string objectKey, long size, long rows);

    [LoggerMessage(5002, LogLevel.Information, "Removed s3://{Bucket}/{ObjectKey}: written by an earlier run of this report-day and not produced by this one")]
    public static partial void StaleFileRemoved(ILogger logger, string bucket, string objectKey);

    [LoggerMessage(5003, LogLevel.Warning, "Kept s3://{Bucket}/{ObjectKey}: an earlier run wrote it but its ETag changed since (someone else's now)")]
    public static partial void StaleFileKeptChanged(ILogger logger, string bucket, string objectKey);

    [LoggerMessage(5004, LogLevel.Warning, "Removing files of earlier runs failed (the export itself succeeded): {Error}")]
    public static partial void StaleFilesFailed(ILogger logger, string error);

    [LoggerMessage(5005, LogLevel.Warning, "The manifest s3://{Bucket}/{ObjectKey} our records name could not be read as ours (changed, gone or unreadable): {Reason}")]
    public static partial void PreviousManifestUnreadable(ILogger logger, string bucket, string objectKey, string reason);
}
