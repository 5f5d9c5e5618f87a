using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Orchestrator.Hashing;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The CPU cost of each integrity header an upload part can carry (issue 14 item 3), without any server: one core
/// hashing a part-sized buffer of random bytes. CRC-32C is computed by every part anyway (for the manifest), so the
/// <c>x-amz-checksum-crc32c</c> header adds no work; Content-MD5 would add an MD5 pass over every part.
/// Run: <c>dotnet Orchestrator.Benchmarks.dll integrity [PART_MIB] [ROUNDS]</c>; prints a markdown table.
/// </summary>
internal static class IntegrityCost
{
    public const string Mode = "integrity";

    public static int Run(string[] args)
    {
        int partMiB = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 16;
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        Console.WriteLine($"| Integrity option | MiB/s (one core, median of {rounds}) | ms per {partMiB} MiB part |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var row in Measure(partMiB, rounds))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Name} | {row.MiBPerSecond:0} | {row.MillisecondsPerPart:0.0} |"));
        }

        return 0;
    }

    /// <summary>Hashes a <paramref name="partMiB"/> MiB buffer of random bytes with each option; medians of <paramref name="rounds"/>.</summary>
    public static IReadOnlyList<IntegrityCostRow> Measure(int partMiB, int rounds)
    {
        byte[] part = new byte[partMiB * 1024 * 1024];
        RandomNumberGenerator.Fill(part);
        var options = new (string Name, Func<byte[], int> Hash)[]
        {
            ("CRC-32C (x-amz-checksum-crc32c; ours, SSE4.2; computed for the manifest anyway)", b => (int)Crc32C.Compute(b)),
#pragma warning disable CA5351 // Content-MD5 is S3's integrity header, measured here, not a security measure.
            ("MD5 (Content-MD5, Export:SendContentMd5)", b => MD5.HashData(b)[0]),
#pragma warning restore CA5351
        };

        var rows = new List<IntegrityCostRow>();
        foreach (var (name, hash) in options)
        {
            hash(part); // JIT warm-up
            var seconds = new List<double>();
            for (int i = 0; i < rounds; i++)
            {
                var clock = Stopwatch.StartNew();
                hash(part);
                seconds.Add(clock.Elapsed.TotalSeconds);
            }

            double median = Benchmark.Median(seconds);
            rows.Add(new IntegrityCostRow(name, partMiB, rounds, partMiB / median, median * 1000));
        }

        return rows;
    }
}
