using System.IO.Compression;
using Amazon.S3;
using Amazon.S3.Model;
using Orchestrator.Domain;
using Orchestrator.Imports.Models;
using Orchestrator.S3;

namespace Orchestrator.Imports.Chunks;

/// <summary>
/// The bytes one chunk reads, from its start offset on: a ranged GET for a plain file, the whole stream skipped
/// forward to the offset for gzip (which cannot be entered in the middle). The GET is pinned to the ETag the run
/// listed, so a file replaced during the run fails instead of mixing two versions.
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
        DestinationS3 s3, Destination destination, IAmazonS3 client, ImportChunkInput input, bool gzip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(input);
        var file = input.File;
        if (!gzip && input.StartOffset >= file.Size)
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
                    ByteRange = gzip ? null : new ByteRange(input.StartOffset, file.Size - 1),
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
            stream = new GZipStream(stream, CompressionMode.Decompress);
            try
            {
                if (!await SkipAsync(stream, input.StartOffset, cancellationToken))
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
