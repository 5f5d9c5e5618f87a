using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using Orchestrator.Errors;
using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Checkpoints;
using Orchestrator.Imports.Chunks;
using Orchestrator.Imports.Models;
using Orchestrator.Imports.Parsing;
using Orchestrator.Imports.Rejects;
using Orchestrator.Options;
using Orchestrator.S3;

namespace Orchestrator.Imports.Activities;

/// <summary>
/// Imports one chunk of one file: reads from a record boundary (<see cref="ImportChunkBody"/>), turns records into rows
/// by one rule set (<see cref="AttributeRowMapper"/> behind an <see cref="ImportRecordReader"/>), merges good rows
/// into the attribute store and keeps rejected rows with their line and reason (<see cref="AttributeBatch"/>), and
/// stops at the first record boundary past the chunk budget. Re-running a chunk (after a crash or retry) re-applies
/// the same merges and the same rejections: nothing is lost or doubled.
/// A gzip file cannot be entered in the middle, so it is not cut into chunks: one activity streams it once, writing a
/// checkpoint (offset, line, counts) to <see cref="IImportCheckpointStore"/> after each committed batch; a retry of
/// that activity resumes from its checkpoint (one more decompression up to it, at most), never from chunk boundaries
/// each decompressed from byte 0.
/// </summary>
public sealed class ImportChunkActivity(
    DestinationS3 s3,
    IAttributeStore attributes,
    IImportRejectStore rejects,
    IImportCheckpointStore checkpoints,
    IOptions<ImportOptions> options) : TaskActivity<ImportChunkInput, ImportChunkResult>
{
    /// <summary>Why a file without a single record (0 bytes, or only blank lines) is not imported.</summary>
    private const string EmptyFile = "the file is empty: an attribute file needs a header (CSV) or at least one record (JSON Lines)";

    public override async Task<ImportChunkResult> RunAsync(TaskActivityContext context, ImportChunkInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = CancellationToken.None;
        var file = input.File;
        var settings = options.Value;
        var (destination, client) = s3.Open(input.Destination);
        var (format, gzip) = ImportNaming.FormatOf(file.Key);
        if (format == ImportFileFormat.Unsupported)
        {
            return await this.FileErrorAsync(context, input, "not a CSV or JSON Lines file: expected .csv, .jsonl or .ndjson, optionally gzipped (.gz)");
        }

        if (file.Size == 0)
        {
            return await this.FileErrorAsync(context, input, EmptyFile);
        }

        if (!gzip && file.Size > settings.MaxUncompressedMiB * 1024L * 1024L)
        {
            return await this.FileErrorAsync(context, input, string.Create(
                CultureInfo.InvariantCulture, $"the file is larger than {settings.MaxUncompressedMiB} MiB (Import:MaxUncompressedMiB)"));
        }

        try
        {
            bool streamed = gzip && input.Attempt is not null;
            var start = streamed ? await this.ResumeAsync(context, input, ct) : new ChunkStart(input.StartOffset, input.StartLine, input.Columns, 0, 0);
            await using var body = await ImportChunkBody.OpenAsync(s3, destination, client, file, start.Offset, gzip, settings, ct);
            if (body.FileError is { } changed)
            {
                return await this.FileErrorAsync(context, input, changed);
            }

            if (body.Stream is not { } stream)
            {
                // The previous chunk (or checkpoint) ended at the end of the file.
                return new ImportChunkResult(
                    start.Offset, start.Line, Done: true, start.Columns, start.RowsBefore, start.RejectedBefore, start.Offset - input.StartOffset, null, start.DeletedBefore, start.InsertedBefore);
            }

            return format == ImportFileFormat.Csv
                ? await this.ImportCsvAsync(context, input, start, streamed, stream, ct)
                : await this.ImportJsonLinesAsync(context, input, start, streamed, stream, ct);
        }
        catch (InvalidDataException)
        {
            return await this.FileErrorAsync(context, input, "not a valid gzip file");
        }
        catch (ImportLimitExceededException ex)
        {
            // Reached while opening (the skip to a checkpoint); during records the rows before it are kept and counted.
            return await this.FileErrorAsync(context, input, ex.Message);
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Reading '{file.Key}' failed temporarily: {ex.Message}", ex);
        }
    }

    /// <summary>A streamed file's start: its checkpoint when this attempt left one for this version, else the input's start.</summary>
    private async Task<ChunkStart> ResumeAsync(TaskActivityContext context, ImportChunkInput input, CancellationToken ct)
    {
        var checkpoint = await checkpoints.GetAsync(context.InstanceId, input.File.Key, ct);
        return checkpoint is not null && checkpoint.Attempt == input.Attempt && checkpoint.ETag == input.File.ETag
            ? new ChunkStart(checkpoint.Offset, checkpoint.Line, checkpoint.Columns.Count > 0 ? checkpoint.Columns : input.Columns, checkpoint.Rows, checkpoint.Rejected, checkpoint.Deleted, checkpoint.Inserted)
            : new ChunkStart(input.StartOffset, input.StartLine, input.Columns, 0, 0);
    }

    private async Task<ImportChunkResult> ImportCsvAsync(
        TaskActivityContext context, ImportChunkInput input, ChunkStart start, bool streamed, Stream stream, CancellationToken ct)
    {
        var settings = options.Value;
        var mapper = this.Mapper;
        var columns = start.Columns;
        long offset = start.Offset;
        long line = start.Line;
        using var reader = new CsvRecordReader(
            stream,
            start.Offset,
            start.Line,
            new CsvReaderOptions
            {
                MaxFieldBytes = settings.MaxFieldBytes,
                MaxRecordBytes = settings.MaxRecordBytes,
                ExpectedColumns = columns?.Count,
                MaxColumns = AttributeColumns.MaxColumns,
                MaxSkipBytes = settings.MaxRecordSkipMiB * 1024L * 1024L,
            });
        if (columns is null)
        {
            var header = await reader.ReadAsync(ct);
            if (header is null)
            {
                return await this.FileErrorAsync(context, input, EmptyFile);
            }

            if (header.Fields is null && header.Rejection == RejectionReasons.TooManyColumns(AttributeColumns.MaxColumns))
            {
                return await this.FileErrorAsync(context, input, "the header cannot be used: " + AttributeColumns.TooManyColumns);
            }

            if (header.Fields is null)
            {
                return await this.FileErrorAsync(context, input, $"not a CSV file: the header row is unreadable ({header.Rejection})");
            }

            if (mapper.MapHeader(header.Fields, out string? problem) is not { } mapped)
            {
                return await this.FileErrorAsync(context, input, "the header cannot be used: " + problem);
            }

            columns = mapped.Names;
            offset = header.EndOffset;
            line = header.NextLine;
        }

        var mapping = mapper.Columns(columns);
        if (mapping.UserIndex < 0)
        {
            return await this.FileErrorAsync(context, input, $"the user id column '{settings.UserIdColumn}' is not in the header");
        }

        return await this.ImportRecordsAsync(
            context, input, streamed, ImportRecordReader.Csv(reader, mapping), start with { Offset = offset, Line = line, Columns = columns }, ct);
    }

    private async Task<ImportChunkResult> ImportJsonLinesAsync(
        TaskActivityContext context, ImportChunkInput input, ChunkStart start, bool streamed, Stream stream, CancellationToken ct)
    {
        var settings = options.Value;
        using var reader = new JsonLinesRecordReader(
            stream,
            start.Offset,
            start.Line,
            new JsonLinesReaderOptions { MaxRecordBytes = settings.MaxRecordBytes, MaxNames = AttributeColumns.MaxColumns, MaxSkipBytes = settings.MaxRecordSkipMiB * 1024L * 1024L });
        var result = await this.ImportRecordsAsync(context, input, streamed, ImportRecordReader.JsonLines(reader, this.Mapper), start with { Columns = [] }, ct);

        // Every record takes at least one byte, so nothing read from the start of the file means not one record.
        return start.Offset == 0 && result.FileError is null && result.NextOffset == 0 ? await this.FileErrorAsync(context, input, EmptyFile) : result;
    }

    /// <summary>
    /// Reads records into the store until the end of the file or (not streamed) the first record boundary past the
    /// chunk budget. A limit reached in the middle fails the file: the good rows read before it are stored and
    /// counted, nothing after it is read.
    /// </summary>
    private async Task<ImportChunkResult> ImportRecordsAsync(
        TaskActivityContext context, ImportChunkInput input, bool streamed, ImportRecordReader records, ChunkStart start, CancellationToken ct)
    {
        var settings = options.Value;
        var columns = start.Columns ?? [];
        long toStore = Math.Max(0, settings.MaxStoredRejections - input.RunRejectedBefore - start.RejectedBefore);
        Func<BatchCommit, CancellationToken, Task>? committed = streamed
            ? (commit, token) => checkpoints.SaveAsync(
                context.InstanceId,
                input.File.Key,
                new ImportCheckpoint(
                    input.Attempt!, input.File.ETag, commit.Offset, commit.Line, columns, start.RowsBefore + commit.Imported, start.RejectedBefore + commit.Rejected, start.DeletedBefore + commit.Deleted, start.InsertedBefore + commit.Inserted),
                token)
            : null;
        await using var batch = new AttributeBatch(
            attributes, rejects, context.InstanceId, input.Request.TenantId, input.File.Key, toStore, committed, input.Request.DestinationId, input.Mark, input.Attempt);
        bool deleteAll = input.Request.Mode == ImportMode.Delete;
        long budget = streamed ? long.MaxValue : settings.ChunkMiB * 1024L * 1024L;
        long offset = start.Offset;
        long line = start.Line;
        bool done = true;
        string? fileError = null;
        try
        {
            while (await records.ReadAsync(ct) is { } record)
            {
                offset = record.EndOffset;
                line = record.NextLine;
                if (record.Row is { } row)
                {
                    // A delete run removes every listed user, whatever else the row says.
                    batch.Add(record.Line, deleteAll && !row.Delete ? row with { Delete = true } : row);
                }
                else
                {
                    batch.Reject(record.Line, record.Rejection!);
                }

                batch.MoveTo(offset, line);
                await batch.FlushIfFullAsync(ct);
                if (offset - start.Offset >= budget)
                {
                    done = false;
                    break;
                }
            }
        }
        catch (ImportLimitExceededException ex)
        {
            fileError = ex.Message;
        }
        catch (InvalidDataException)
        {
            fileError = "not a valid gzip file (it is damaged after line " + line.ToString(CultureInfo.InvariantCulture) + ")";
        }

        await batch.FlushAsync(ct);
        long rows = start.RowsBefore + batch.Imported;
        long rejected = start.RejectedBefore + batch.Rejected;
        long deleted = start.DeletedBefore + batch.Deleted;
        long inserted = start.InsertedBefore + batch.Inserted;
        if (fileError is not null)
        {
            var failed = await this.FileErrorAsync(context, input, fileError);
            return failed with { RowsImported = rows, RowsRejected = rejected, BytesRead = offset - input.StartOffset, RowsDeleted = deleted, RowsInserted = inserted };
        }

        return new ImportChunkResult(offset, line, done, columns, rows, rejected, offset - input.StartOffset, null, deleted, inserted);
    }

    /// <summary>The row rules with the configured user-id name, or the format's default when none is configured.</summary>
    private AttributeRowMapper Mapper => new(string.IsNullOrEmpty(options.Value.UserIdColumn) ? null : options.Value.UserIdColumn);

    private async Task<ImportChunkResult> FileErrorAsync(TaskActivityContext context, ImportChunkInput input, string reason)
    {
        await rejects.AddAsync(context.InstanceId, [new ImportRejection(input.File.Key, 0, "file not imported: " + reason)], CancellationToken.None);
        if (input.Attempt is not null)
        {
            await checkpoints.DeleteAsync(context.InstanceId, input.File.Key, CancellationToken.None);
        }

        return new ImportChunkResult(input.StartOffset, input.StartLine, Done: true, input.Columns, 0, 0, 0, reason);
    }
}
