using System.IO.Compression;
using System.Text.Json;
using Amazon.S3;
using Orchestrator.Exports.Models;
using Orchestrator.Hashing;
using Orchestrator.Reports;

namespace Orchestrator.Runner.Cli;

/// <summary>
/// Reads an export back from the bucket and checks it against its manifest and, for synthetic reports, against a
/// fresh generation of the same report: checksum of the stored bytes, size, row count and every byte of content.
/// </summary>
internal static class ExportVerifier
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public static async Task<VerificationResult> VerifyAsync(
        IAmazonS3 s3, ExportResult result, ReportLocator? synthetic, CancellationToken cancellationToken)
    {
        using var manifestResponse = await s3.GetObjectAsync(result.Bucket, result.ManifestKey, cancellationToken);
        var manifest = await JsonSerializer.DeserializeAsync<ExportManifest>(
            manifestResponse.ResponseStream, WebJson, cancellationToken)
            ?? throw new InvalidDataException("The manifest is empty.");

        using var objectResponse = await s3.GetObjectAsync(result.Bucket, result.ObjectKey, cancellationToken);
        var hashing = new CrcCountingStream(objectResponse.ResponseStream);
        Stream content = manifest.Compression == "gzip" ? new GZipStream(hashing, CompressionMode.Decompress) : hashing;

        long uncompressed = 0;
        long newlines = 0;
        bool matches = true;
        Stream? expected = synthetic is null ? null : SyntheticInsightsReport.Open(synthetic, 0, manifest.UncompressedBytes);
        var buffer = new byte[1 << 20];
        var expectedBuffer = new byte[1 << 20];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            newlines += buffer.AsSpan(0, read).Count((byte)'\n');
            if (expected is not null && matches)
            {
                int got = await expected.ReadAtLeastAsync(expectedBuffer.AsMemory(0, read), read, throwOnEndOfStream: false, cancellationToken);
                matches = got == read && buffer.AsSpan(0, read).SequenceEqual(expectedBuffer.AsSpan(0, read));
            }

            uncompressed += read;
        }

        if (expected is not null)
        {
            matches &= await expected.ReadAsync(expectedBuffer.AsMemory(0, 1), cancellationToken) == 0;
            await expected.DisposeAsync();
        }

        string crc = Crc32C.ToBase64(hashing.Crc);
        return new VerificationResult(
            manifest,
            StoredBytes: hashing.Length,
            UncompressedBytes: uncompressed,
            Rows: Math.Max(0, newlines - 1),
            ChecksumMatches: crc == manifest.Checksum.Base64 && crc == result.Crc32C,
            ContentMatches: expected is null ? null : matches);
    }

    /// <summary>Counts and CRCs the stored bytes as they stream past.</summary>
    private sealed class CrcCountingStream(Stream inner) : Stream
    {
        public uint Crc { get; private set; }

        public override long Length => this.Position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count) => this.Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            this.Crc = Crc32C.Append(this.Crc, buffer[..n]);
            this.Position += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int n = await inner.ReadAsync(buffer, cancellationToken);
            this.Crc = Crc32C.Append(this.Crc, buffer.Span[..n]);
            this.Position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            this.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
