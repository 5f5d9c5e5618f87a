using System.IO.Compression;
using System.Text;
using Orchestrator.Imports.Parsing;

namespace Orchestrator.UnitTests.Fuzz;

/// <summary>
/// Seeded random and mutated inputs for the import readers (CSV and JSON Lines, plain and gzipped): random bytes,
/// valid files with bytes flipped, inserted, deleted or truncated, quotes, CR/LF and BOMs in odd places, invalid
/// UTF-8, and tiny record limits. The readers must never throw (a corrupt gzip stream's InvalidDataException, which
/// the import activity turns into "not a valid gzip file", is the one documented exception), must terminate, must
/// return records with strictly increasing lines and offsets inside the input, and every rejection must say why.
/// </summary>
public sealed class RecordReaderFuzzTests
{
    private const int Iterations = 5000;

    private static readonly byte[][] Tokens =
    [
        "\""u8.ToArray(), ","u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(), "\r"u8.ToArray(), "\"\""u8.ToArray(),
        [0xEF, 0xBB, 0xBF], [0xC3, 0x28], [0xFF], [0x00], "{"u8.ToArray(), "}"u8.ToArray(), "[]"u8.ToArray(), ":"u8.ToArray(),
        "null"u8.ToArray(), "\"user_id\""u8.ToArray(), "🚀"u8.ToArray(), "\\u0000"u8.ToArray(), "\\ud800"u8.ToArray(), " "u8.ToArray(),
    ];

    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("RELIABILITY_SEED"), out int s) ? s : 1124;

    [Fact]
    public async Task Csv_RandomAndMutatedBytes_NeverThrowsAndEveryRecordIsOrderedAndExplained()
    {
        var random = new Random(Seed);
        var stats = new Stats();
        for (int i = 0; i < Iterations; i++)
        {
            byte[] input = NextInput(random, ValidCsv(random));
            bool gzip = i % 5 == 4;
            var options = new CsvReaderOptions
            {
                MaxFieldBytes = random.Next(4) == 0 ? random.Next(1, 16) : 64 * 1024,
                MaxRecordBytes = random.Next(4) == 0 ? random.Next(4, 64) : 1024 * 1024,
                ExpectedColumns = random.Next(3) == 0 ? random.Next(1, 6) : null,
            };
            await ReadAllAsync(input, gzip, stats, i, async (stream, length) =>
            {
                using var reader = new CsvRecordReader(stream, 0, 1, options);
                var results = new List<(long Line, long End, long Next, bool Rejected, string? Reason, int Fields)>();
                while (await reader.ReadAsync() is { } record)
                {
                    results.Add((record.Line, record.EndOffset, record.NextLine, record.IsRejected, record.Rejection, record.Fields?.Count ?? -1));
                    Assert.True(results.Count <= length + 1, $"#{i}: more records than bytes: the reader does not terminate");
                }

                return results;
            });
        }

        Assert.True(stats.Records > Iterations, $"too few records: {stats}");
        Assert.True(stats.Rejections > 0 && stats.Accepted > 0, stats.ToString());
        Console.WriteLine($"RESULT reader-fuzz-csv: seed={Seed} inputs={Iterations} {stats}");
    }

    [Fact]
    public async Task JsonLines_RandomAndMutatedBytes_NeverThrowsAndEveryRecordIsOrderedAndExplained()
    {
        var random = new Random(Seed + 1);
        var stats = new Stats();
        for (int i = 0; i < Iterations; i++)
        {
            byte[] input = NextInput(random, ValidJsonLines(random));
            bool gzip = i % 5 == 4;
            var options = new JsonLinesReaderOptions { MaxRecordBytes = random.Next(4) == 0 ? random.Next(4, 64) : 1024 * 1024 };
            await ReadAllAsync(input, gzip, stats, i, async (stream, length) =>
            {
                using var reader = new JsonLinesRecordReader(stream, 0, 1, options);
                var results = new List<(long Line, long End, long Next, bool Rejected, string? Reason, int Fields)>();
                while (await reader.ReadAsync() is { } record)
                {
                    results.Add((record.Line, record.EndOffset, record.NextLine, record.IsRejected, record.Rejection, record.Attributes?.Count ?? -1));
                    Assert.True(results.Count <= length + 1, $"#{i}: more records than bytes: the reader does not terminate");
                }

                return results;
            });
        }

        Assert.True(stats.Records > Iterations, $"too few records: {stats}");
        Assert.True(stats.Rejections > 0 && stats.Accepted > 0, stats.ToString());
        Console.WriteLine($"RESULT reader-fuzz-jsonl: seed={Seed} inputs={Iterations} {stats}");
    }

    private static async Task ReadAllAsync(
        byte[] input, bool gzip, Stats stats, int iteration,
        Func<Stream, long, Task<List<(long Line, long End, long Next, bool Rejected, string? Reason, int Fields)>>> read)
    {
        byte[] bytes = input;
        Stream stream = new MemoryStream(input);
        if (gzip)
        {
            // Gzip of the (possibly mutated) bytes, itself sometimes corrupted: decoded by the same GZipStream the
            // import uses. The activity turns InvalidDataException into a per-file "not a valid gzip file" rejection.
            byte[] compressed = Gzip(input);
            if (iteration % 10 == 9 && compressed.Length > 20)
            {
                compressed[10 + (iteration % (compressed.Length - 10))] ^= 0x5A;
                stats.CorruptGzip++;
            }

            stream = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        }

        var counted = new CountingStream(stream);
        stream = counted;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        List<(long Line, long End, long Next, bool Rejected, string? Reason, int Fields)> results;
        try
        {
            results = await read(stream, Math.Max(bytes.Length, 1 << 20)).WaitAsync(timeout.Token);
        }
        catch (InvalidDataException) when (gzip)
        {
            stats.GzipRejected++;
            return;
        }
        finally
        {
            await stream.DisposeAsync();
        }

        stats.Inputs++;
        long line = 0;
        long end = 0;
        foreach (var r in results)
        {
            stats.Records++;
            Assert.True(r.Line > line, $"#{iteration}: line {r.Line} after {line}");
            Assert.True(r.End > end, $"#{iteration}: offset {r.End} after {end}");
            Assert.True(r.End <= counted.Count, $"#{iteration}: offset {r.End} past the end ({counted.Count} bytes read)");
            // The next line is after this one, except for a last record without a line terminator.
            Assert.True(r.Next > r.Line || (r.Next == r.Line && r.End == counted.Count), $"#{iteration}: next line {r.Next} not after {r.Line} (offset {r.End} of {counted.Count})");
            if (r.Rejected)
            {
                stats.Rejections++;
                Assert.False(string.IsNullOrWhiteSpace(r.Reason), $"#{iteration}: a rejection without a reason");
                Assert.Equal(-1, r.Fields);
            }
            else
            {
                stats.Accepted++;
                Assert.True(r.Fields >= 0, $"#{iteration}: an accepted record without values");
            }

            line = r.Line;
            end = r.End;
        }
    }

    private static byte[] NextInput(Random random, byte[] valid)
    {
        switch (random.Next(4))
        {
            case 0:
                byte[] noise = new byte[random.Next(0, 2000)];
                random.NextBytes(noise);
                return noise;
            case 1:
                var tokens = new List<byte>();
                for (int t = random.Next(0, 300); t > 0; t--)
                {
                    tokens.AddRange(Tokens[random.Next(Tokens.Length)]);
                    if (random.Next(3) == 0)
                    {
                        tokens.AddRange("ab1"u8.ToArray());
                    }
                }

                return [.. tokens];
            default:
                var bytes = new List<byte>(valid);
                for (int m = random.Next(0, 6); m > 0 && bytes.Count > 0; m--)
                {
                    int at = random.Next(bytes.Count);
                    switch (random.Next(4))
                    {
                        case 0:
                            bytes[at] = (byte)random.Next(256);
                            break;
                        case 1:
                            bytes.RemoveAt(at);
                            break;
                        case 2:
                            bytes.InsertRange(at, Tokens[random.Next(Tokens.Length)]);
                            break;
                        default:
                            bytes.RemoveRange(at, bytes.Count - at); // truncated
                            break;
                    }
                }

                return [.. bytes];
        }
    }

    private static byte[] ValidCsv(Random random)
    {
        var text = new StringBuilder(random.Next(2) == 0 ? "\uFEFF" : string.Empty).Append("user_id,name,score,note\n");
        for (int i = random.Next(0, 40); i > 0; i--)
        {
            text.Append('u').Append(i).Append(",\"Zoë \"\"Z\"\"\",").Append(random.Next(-100, 100)).Append(",\"a, b\nc 🚀\"").Append(random.Next(2) == 0 ? "\r\n" : "\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] ValidJsonLines(Random random)
    {
        var text = new StringBuilder();
        for (int i = random.Next(0, 40); i > 0; i--)
        {
            text.Append("{\"user_id\":\"u").Append(i).Append("\",\"score\":").Append(random.Next(-100, 100))
                .Append(",\"vip\":true,\"note\":\"ü \\\"q\\\" \\n 🚀\",\"gone\":null}").Append(random.Next(2) == 0 ? "\r\n" : "\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Counts the bytes the reader actually got (for gzip: the decompressed bytes).</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => this.Count; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => this.Add(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            this.Add(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            this.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Add(int read)
        {
            this.Count += read;
            return read;
        }
    }

    private sealed class Stats
    {
        public int Inputs { get; set; }

        public long Records { get; set; }

        public long Accepted { get; set; }

        public long Rejections { get; set; }

        public int CorruptGzip { get; set; }

        public int GzipRejected { get; set; }

        public override string ToString() =>
            $"read={this.Inputs} records={this.Records} accepted={this.Accepted} rejected={this.Rejections} corruptGzip={this.CorruptGzip} gzipInvalidDataException={this.GzipRejected} unexpectedExceptions=0";
    }
}
