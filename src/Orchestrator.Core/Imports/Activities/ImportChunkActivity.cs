using System.Globalization;
using System.IO.Compression;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using Orchestrator.Errors;
using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Models;
using Orchestrator.Imports.Parsing;
using Orchestrator.Imports.Rejects;
using Orchestrator.Options;
using Orchestrator.S3;

namespace Orchestrator.Imports.Activities;

/// <summary>
/// Imports one chunk of one file: reads from a record boundary (a ranged GET for plain files; gzip is streamed and
/// skipped to the offset), parses records, merges good rows into the attribute store, keeps rejected rows with their
/// line and reason, and stops at the first record boundary past the chunk budget. Re-running a chunk (after a crash
/// or retry) re-applies the same merges and the same rejections: nothing is lost or doubled.
/// </summary>
public sealed class ImportChunkActivity(
    DestinationS3 s3,
    IAttributeStore attributes,
    IImportRejectStore rejects,
    IOptions<ImportOptions> options) : TaskActivity<ImportChunkInput, ImportChunkResult>
{
    /// <summary>
    /// Rows merged per store call: the store splits them into 100-entity transactions, several in flight, so a call
    /// keeps them busy in full waves (20 transactions in waves of 4).
    /// </summary>
    private const int FlushRows = 2000;

    /// <summary>Why a file without a single record (0 bytes, or only blank lines) is not imported.</summary>
    private const string EmptyFile = "the file is empty: an attribute file needs a header (CSV) or at least one record (JSON Lines)";

    public override async Task<ImportChunkResult> RunAsync(TaskActivityContext context, ImportChunkInput input)
    {
        var ct = CancellationToken.None;
        var request = input.Request;
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

        if (!gzip && input.StartOffset >= file.Size)
        {
            return new ImportChunkResult(input.StartOffset, input.StartLine, Done: true, input.Columns, 0, 0, 0, null);
        }

        GetObjectResponse response;
        try
        {
            response = await client.GetObjectAsync(
                new GetObjectRequest
                {
                    BucketName = destination.Bucket,
                    Key = file.Key,
                    EtagToMatch = file.ETag,
                    ByteRange = gzip ? null : new ByteRange(input.StartOffset, file.Size - 1),
                },
                ct);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is System.Net.HttpStatusCode.PreconditionFailed or System.Net.HttpStatusCode.NotFound)
        {
            return await this.FileErrorAsync(context, input, "the file changed or disappeared during the import; the next run imports its new version");
        }
        catch (Exception ex)
        {
            throw s3.Fail(ex, destination, "GetObject", file.Key);
        }

        using (response)
        {
            Stream stream = s3.ReadBody(response);
            if (gzip)
            {
                stream = new GZipStream(stream, CompressionMode.Decompress);
                if (!await SkipAsync(stream, input.StartOffset, ct))
                {
                    if (input.StartOffset == 0)
                    {
                        return await this.FileErrorAsync(context, input, EmptyFile);
                    }

                    return new ImportChunkResult(input.StartOffset, input.StartLine, Done: true, input.Columns, 0, 0, 0, null);
                }
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
            finally
            {
                await stream.DisposeAsync();
            }
        }
    }

    private static async Task<bool> SkipAsync(Stream stream, long count, CancellationToken ct)
    {
        byte[] scratch = new byte[81920];
        while (count > 0)
        {
            int read = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, count)), ct);
            if (read == 0)
            {
                return false;
            }

            count -= read;
        }

        return true;
    }

    private async Task<ImportChunkResult> ImportCsvAsync(TaskActivityContext context, ImportChunkInput input, Stream stream, CancellationToken ct)
    {
        var settings = options.Value;
        var columns = input.Columns;
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

            if (AttributeColumns.Map(header.Fields, this.ConfiguredUserIdName, out string? problem) is not { } mapped)
            {
                return await this.FileErrorAsync(context, input, "the header cannot be used: " + problem);
            }

            columns = mapped.Names;
            var rest = await this.ImportCsvRowsAsync(context, input, reader, columns, header.EndOffset, header.NextLine, ct);
            return rest;
        }

        return await this.ImportCsvRowsAsync(context, input, reader, columns, input.StartOffset, input.StartLine, ct);
    }

    private async Task<ImportChunkResult> ImportCsvRowsAsync(
        TaskActivityContext context, ImportChunkInput input, CsvRecordReader reader, IReadOnlyList<string> columns, long offset, long line, CancellationToken ct)
    {
        var mapping = AttributeColumns.Mapped(columns, this.ConfiguredUserIdName);
        if (mapping.UserIndex < 0)
        {
            return await this.FileErrorAsync(context, input, $"the user id column '{options.Value.UserIdColumn}' is not in the header");
        }

        await using var batch = new Batch(attributes, rejects, context.InstanceId, input);
        long budget = options.Value.ChunkMiB * 1024L * 1024L;
        bool done = true;
        while (await reader.ReadAsync(ct) is { } record)
        {
            offset = record.EndOffset;
            line = record.NextLine;
            if (record.Fields is null)
            {
                batch.Reject(record.Line, record.Rejection!);
            }
            else if (mapping.ToRow(record.Fields, f => f, f => f.Length == 0 ? null : AttributeValues.Infer(f), out string? reason) is { } row)
            {
                // The first chunk's reader starts before the header is known, so ToRow checks the column count too.
                batch.Add(record.Line, row);
            }
            else
            {
                batch.Reject(record.Line, reason!);
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

    private async Task<ImportChunkResult> ImportJsonLinesAsync(TaskActivityContext context, ImportChunkInput input, Stream stream, CancellationToken ct)
    {
        var settings = options.Value;
        string userField = this.ConfiguredUserIdName ?? AttributeColumns.DefaultUserIdName;
        using var reader = new JsonLinesRecordReader(stream, input.StartOffset, input.StartLine, new JsonLinesReaderOptions { MaxRecordBytes = settings.MaxRecordBytes });
        await using var batch = new Batch(attributes, rejects, context.InstanceId, input);
        long budget = settings.ChunkMiB * 1024L * 1024L;
        long offset = input.StartOffset;
        long line = input.StartLine;
        bool done = true;
        bool any = false;
        while (await reader.ReadAsync(ct) is { } record)
        {
            any = true;
            offset = record.EndOffset;
            line = record.NextLine;
            if (record.Attributes is null)
            {
                batch.Reject(record.Line, record.Rejection!);
            }
            else if (ToRow(record.Attributes, userField, out string? reason) is { } row)
            {
                batch.Add(record.Line, row);
            }
            else
            {
                batch.Reject(record.Line, reason!);
            }

            await batch.FlushIfFullAsync(ct);
            if (offset - input.StartOffset >= budget)
            {
                done = false;
                break;
            }
        }

        await batch.FlushAsync(ct);
        if (!any && input.StartOffset == 0)
        {
            return await this.FileErrorAsync(context, input, EmptyFile);
        }

        return new ImportChunkResult(offset, line, done, [], batch.Imported, batch.Rejected, offset - input.StartOffset, null);
    }

    /// <summary>A JSON Lines record as a row, by the same rules as a CSV row (its names are its header).</summary>
    private static UserAttributes? ToRow(IReadOnlyList<JsonAttribute> fields, string userField, out string? reason)
    {
        if (AttributeColumns.Map([.. fields.Select(f => f.Name)], userField, out reason) is not { } mapping)
        {
            return null;
        }

        return mapping.ToRow(fields, f => f.Value, ValueOf, out reason);
    }

    private static object ValueOf(JsonAttribute field) => field.Kind switch
    {
        JsonAttributeKind.Boolean => bool.Parse(field.Value),
        JsonAttributeKind.Number => long.TryParse(field.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long whole)
            ? (object)whole
            : double.Parse(field.Value, NumberStyles.Float, CultureInfo.InvariantCulture),

        // A JSON string stays a string ("42" was quoted on purpose), except ISO-8601 dates.
        _ => AttributeValues.Infer(field.Value) is var inferred && inferred is DateTime or DateTimeOffset ? inferred : field.Value,
    };

    /// <summary>The configured user-id name, or null for the format's default (the first CSV column, <c>user_id</c> in JSON).</summary>
    private string? ConfiguredUserIdName => string.IsNullOrEmpty(options.Value.UserIdColumn) ? null : options.Value.UserIdColumn;

    private async Task<ImportChunkResult> FileErrorAsync(TaskActivityContext context, ImportChunkInput input, string reason)
    {
        await rejects.AddAsync(context.InstanceId, [new ImportRejection(input.File.Key, 0, "file not imported: " + reason)], CancellationToken.None);
        return new ImportChunkResult(input.StartOffset, input.StartLine, Done: true, input.Columns, 0, 0, 0, reason);
    }

    /// <summary>
    /// Good rows waiting to be merged and rejected rows waiting to be recorded. A full batch is stored in the
    /// background while the next one is parsed, so parsing and the store's work overlap; at most one store call is in
    /// flight, so a user who appears in two consecutive batches is merged in file order.
    /// </summary>
    private sealed class Batch(IAttributeStore store, IImportRejectStore rejectStore, string runId, ImportChunkInput input) : IAsyncDisposable
    {
        private List<(long Line, UserAttributes Row)> rows = [];
        private List<ImportRejection> rejected = [];
        private Task storing = Task.CompletedTask;
        private long rejectedWhileParsing;
        private long rejectedByStore;

        public long Imported { get; private set; }

        public long Rejected => this.rejectedWhileParsing + this.rejectedByStore;

        public void Add(long line, UserAttributes row) => this.rows.Add((line, row));

        public void Reject(long line, string reason)
        {
            this.rejected.Add(new ImportRejection(input.File.Key, line, reason));
            this.rejectedWhileParsing++;
        }

        /// <summary>Hands a full batch to the store (after the previous one is stored) and returns without waiting for it.</summary>
        public async Task FlushIfFullAsync(CancellationToken ct)
        {
            if (this.rows.Count >= FlushRows || this.rejected.Count >= FlushRows)
            {
                await this.storing;
                this.storing = this.StoreAsync(this.TakeRows(), this.TakeRejected(), ct);
            }
        }

        /// <summary>Stores everything still waiting; the batch is then fully stored.</summary>
        public async Task FlushAsync(CancellationToken ct)
        {
            await this.storing;
            this.storing = Task.CompletedTask;
            await this.StoreAsync(this.TakeRows(), this.TakeRejected(), ct);
        }

        /// <summary>On failure, lets a store call still in flight finish before the activity reports (its own failure wins).</summary>
        public async ValueTask DisposeAsync()
        {
            try
            {
                await this.storing;
            }
            catch (Exception)
            {
                // Already failing: the exception that ended parsing is the one reported; a retry re-applies both.
            }
        }

        private List<(long Line, UserAttributes Row)> TakeRows()
        {
            var taken = this.rows;
            this.rows = [];
            return taken;
        }

        private List<ImportRejection> TakeRejected()
        {
            var taken = this.rejected;
            this.rejected = [];
            return taken;
        }

        private async Task StoreAsync(List<(long Line, UserAttributes Row)> batch, List<ImportRejection> rejections, CancellationToken ct)
        {
            if (batch.Count > 0)
            {
                var failures = await store.UpsertAsync(input.Request.TenantId, [.. batch.Select(r => r.Row)], ct);
                foreach (var (row, reason) in failures)
                {
                    long line = batch.First(r => ReferenceEquals(r.Row, row)).Line;
                    rejections.Add(new ImportRejection(input.File.Key, line, reason));
                }

                this.rejectedByStore += failures.Count;
                this.Imported += batch.Count - failures.Count;
            }

            if (rejections.Count > 0)
            {
                await rejectStore.AddAsync(runId, rejections, ct);
            }
        }
    }
}
