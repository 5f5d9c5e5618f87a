using System.IO.Compression;
using Amazon.S3;
using Amazon.S3.Model;
using Orchestrator.Domain;
using Orchestrator.Imports.Models;
using Orchestrator.Options;
using Orchestrator.S3;

namespace Orchestrator.Imports.Chunks;

/// <summary>
/// The bytes one chunk reads, from its start offset on: a ranged GET for a plain file, the whole stream skipped
/// forward to the offset for gzip (which cannot be entered in the middle; a gzip file is read by one activity from
/// its last checkpoint, so this skip happens once per retry, not once per chunk). Uncompressed gzip bytes pass a
/// <see cref="DecompressionGuard"/>. The GET is pinned to the ETag the run listed, so a file replaced during the run
/// fails instead of mixing two versions.
/// </summary>
internal sealed class ImportChunkBody : IAsyncDisposable
{
    private readonly GetObjectResponse? response;

    private ImportChunkBody(GetObjectResponse? response, Stream? stream, string? fileError)
    {
        this.response = response;
        this.Stream = stream;
        this.FileError = fileError;
    }

    /// <summary>The uncompressed bytes from the start offset; null when the file ends before it (or <see cref="FileError"/> is set).</summary>
    public Stream? Stream { get; }

    /// <summary>Why the file cannot be read at all (it changed or disappeared), or null.</summary>
    public string? FileError { get; }

    /// <summary>Opens the chunk's part of the file.</summary>
    public static async Task<ImportChunkBody> OpenAsync(
        DestinationS3 s3, Destination destination, IAmazonS3 client, ImportFile file, long startOffset, bool gzip, ImportOptions limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(limits);
        if (!gzip && startOffset >= file.Size)
        {
            return new ImportChunkBody(null, null, null);
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
                    ByteRange = gzip ? null : new ByteRange(startOffset, file.Size - 1),
                },
                cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is System.Net.HttpStatusCode.PreconditionFailed or System.Net.HttpStatusCode.NotFound)
        {
            return new ImportChunkBody(null, null, "the file changed or disappeared during the import; the next run imports its new version");
        }
        catch (Exception ex)
        {
            throw s3.Fail(ex, destination, "GetObject", file.Key);
        }

        Stream stream = s3.ReadBody(response);
        if (gzip)
        {
            stream = new DecompressionGuard(
                new GZipStream(stream, CompressionMode.Decompress),
                file.Size,
                limits.MaxUncompressedMiB * 1024L * 1024L,
                limits.MaxCompressionRatio,
                ImportOptions.RatioGraceMiB * 1024L * 1024L);
            try
            {
                if (!await SkipAsync(stream, startOffset, cancellationToken))
                {
                    await stream.DisposeAsync();
                    response.Dispose();
                    return new ImportChunkBody(null, null, null);
                }
            }
            catch (Exception)
            {
                await stream.DisposeAsync();
                response.Dispose();
                throw;
            }
        }

        return new ImportChunkBody(response, stream, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (this.Stream is not null)
        {
            await this.Stream.DisposeAsync();
        }

        this.response?.Dispose();
    }

    private static async Task<bool> SkipAsync(Stream stream, long count, CancellationToken cancellationToken)
    {
        byte[] scratch = new byte[81920];
        while (count > 0)
        {
            int read = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, count)), cancellationToken);
            if (read == 0)
            {
                return false;
            }

            count -= read;
        }

        return true;
    }
}
