using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using Orchestrator.Errors;
using Orchestrator.Imports.Attributes;
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
/// </summary>
public sealed class ImportChunkActivity(
    DestinationS3 s3,
    IAttributeStore attributes,
    IImportRejectStore rejects,
    IOptions<ImportOptions> options) : TaskActivity<ImportChunkInput, ImportChunkResult>
{
    /// <summary>Why a file without a single record (0 bytes, or only blank lines) is not imported.</summary>
    private const string EmptyFile = "the file is empty: an attribute file needs a header (CSV) or at least one record (JSON Lines)";

    public override async Task<ImportChunkResult> RunAsync(TaskActivityContext context, ImportChunkInput input)
    {
        var ct = CancellationToken.None;
        var file = input.File;
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

        await using var body = await ImportChunkBody.OpenAsync(s3, destination, client, input, gzip, ct);
        if (body.FileError is { } changed)
        {
            return await this.FileErrorAsync(context, input, changed);
        }

        if (body.Stream is not { } stream)
        {
            // The previous chunk ended at the end of the file.
            return new ImportChunkResult(input.StartOffset, input.StartLine, Done: true, input.Columns, 0, 0, 0, null);
        }

        try
        {
            return format == ImportFileFormat.Csv
                ? await this.ImportCsvAsync(context, input, stream, ct)
                : await this.ImportJsonLinesAsync(context, input, stream, ct);
        }
        catch (InvalidDataException)
        {
            return await this.FileErrorAsync(context, input, "not a valid gzip file");
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex))
        {
            throw new TransientStorageException($"Reading '{file.Key}' failed temporarily: {ex.Message}", ex);
        }
    }

    private async Task<ImportChunkResult> ImportCsvAsync(TaskActivityContext context, ImportChunkInput input, Stream stream, CancellationToken ct)
    {
        var settings = options.Value;
        var mapper = this.Mapper;
        var columns = input.Columns;
        long offset = input.StartOffset;
        long line = input.StartLine;
        using var reader = new CsvRecordReader(
            stream,
            input.StartOffset,
            input.StartLine,
            new CsvReaderOptions { MaxFieldBytes = settings.MaxFieldBytes, MaxRecordBytes = settings.MaxRecordBytes, ExpectedColumns = columns?.Count });
        if (columns is null)
        {
            var header = await reader.ReadAsync(ct);
            if (header is null)
            {
                return await this.FileErrorAsync(context, input, EmptyFile);
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

        return await this.ImportRecordsAsync(context, input, ImportRecordReader.Csv(reader, mapping), offset, line, columns, ct);
    }

    private async Task<ImportChunkResult> ImportJsonLinesAsync(TaskActivityContext context, ImportChunkInput input, Stream stream, CancellationToken ct)
    {
        using var reader = new JsonLinesRecordReader(stream, input.StartOffset, input.StartLine, new JsonLinesReaderOptions { MaxRecordBytes = options.Value.MaxRecordBytes });
        var result = await this.ImportRecordsAsync(context, input, ImportRecordReader.JsonLines(reader, this.Mapper), input.StartOffset, input.StartLine, [], ct);

        // Every record takes at least one byte, so nothing read from the start of the file means not one record.
        return input.StartOffset == 0 && result.BytesRead == 0 ? await this.FileErrorAsync(context, input, EmptyFile) : result;
    }

    /// <summary>Reads records into the store until the end of the file or the first record boundary past the chunk budget.</summary>
    private async Task<ImportChunkResult> ImportRecordsAsync(
        TaskActivityContext context, ImportChunkInput input, ImportRecordReader records, long offset, long line, IReadOnlyList<string> columns, CancellationToken ct)
    {
        await using var batch = new AttributeBatch(attributes, rejects, context.InstanceId, input.Request.TenantId, input.File.Key);
        long budget = options.Value.ChunkMiB * 1024L * 1024L;
        bool done = true;
        while (await records.ReadAsync(ct) is { } record)
        {
            offset = record.EndOffset;
            line = record.NextLine;
            if (record.Row is { } row)
            {
                batch.Add(record.Line, row);
            }
            else
            {
                batch.Reject(record.Line, record.Rejection!);
            }

            await batch.FlushIfFullAsync(ct);
            if (offset - input.StartOffset >= budget)
            {
                done = false;
                break;
            }
        }

        await batch.FlushAsync(ct);
        return new ImportChunkResult(offset, line, done, columns, batch.Imported, batch.Rejected, offset - input.StartOffset, null);
    }

    /// <summary>The row rules with the configured user-id name, or the format's default when none is configured.</summary>
    private AttributeRowMapper Mapper => new(string.IsNullOrEmpty(options.Value.UserIdColumn) ? null : options.Value.UserIdColumn);

    private async Task<ImportChunkResult> FileErrorAsync(TaskActivityContext context, ImportChunkInput input, string reason)
    {
        await rejects.AddAsync(context.InstanceId, [new ImportRejection(input.File.Key, 0, "file not imported: " + reason)], CancellationToken.None);
        return new ImportChunkResult(input.StartOffset, input.StartLine, Done: true, input.Columns, 0, 0, 0, reason);
    }
}
