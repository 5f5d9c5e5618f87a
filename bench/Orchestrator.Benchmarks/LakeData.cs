using System.Globalization;
using System.Text;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Writes the lake part's typed <c>sessions</c> report (the catalog's columns, in its order): dates, ids, strings with
/// quotes and commas, integers, a decimal(18,2), booleans, UTC timestamps. Deterministic (fixed seed); kept between
/// runs when it already has at least the asked size.
/// </summary>
internal static class LakeData
{
    private const string Header = "event_date,user_id,session_id,platform,country,app_version,sessions,events,screen_views,duration_seconds,revenue,is_new_user,last_seen_utc";
    private static readonly string[] Platforms = ["ios", "android", "web", "\"tv, living room\"", "\"desktop \"\"beta\"\"\""];
    private static readonly string[] Countries = ["US", "DE", "FR", "JP", "BR", "IN", "GB", "\"Korea, Republic of\""];

    /// <summary>Makes <paramref name="file"/> at least <paramref name="minBytes"/> long (whole rows); returns its size.</summary>
    public static long Ensure(string file, long minBytes)
    {
        if (File.Exists(file) && new FileInfo(file).Length >= minBytes && new FileInfo(file).Length < minBytes + (1 << 20))
        {
            return new FileInfo(file).Length;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        Benchmark.Log(string.Create(CultureInfo.InvariantCulture, $"creating {file} ({minBytes / 1048576} MiB typed sessions report)"));
        var random = new Random(15);
        var day = new DateOnly(2026, 11, 24);
        var epoch = new DateTime(2026, 11, 24, 0, 0, 0, DateTimeKind.Utc);
        string tmp = file + ".tmp";
        using (var writer = new StreamWriter(tmp, append: false, new UTF8Encoding(false), 1 << 20))
        {
            writer.NewLine = "\n";
            writer.WriteLine(Header);
            var line = new StringBuilder(256);
            long written = Header.Length + 1;
            long row = 0;
            while (written < minBytes)
            {
                row++;
                line.Clear();
                line.Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',')
                    .Append("u-").Append(random.Next(0, 50_000_000).ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(Guid.CreateVersion7(epoch.AddSeconds(row)).ToString("N")).Append(',')
                    .Append(Platforms[random.Next(Platforms.Length)]).Append(',')
                    .Append(Countries[random.Next(Countries.Length)]).Append(',')
                    .Append(random.Next(10) == 0 ? "\"7.2, hotfix \"\"b\"\"\"" : string.Create(CultureInfo.InvariantCulture, $"{random.Next(1, 9)}.{random.Next(0, 30)}.{random.Next(0, 10)}")).Append(',')
                    .Append(random.Next(1, 20).ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(random.Next(1, 5000).ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(random.Next(0, 800).ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(random.Next(0, 86_400).ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append((random.Next(0, 10_000_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture)).Append(',')
                    .Append(random.Next(2) == 0 ? "true" : "false").Append(',')
                    .Append(epoch.AddMilliseconds(random.NextInt64(0, 86_400_000)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                writer.WriteLine(line);
                written += line.Length + 1; // ASCII only
            }
        }

        File.Move(tmp, file, overwrite: true);
        return new FileInfo(file).Length;
    }
}
