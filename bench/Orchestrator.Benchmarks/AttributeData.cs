using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Orchestrator.Imports.Attributes;

namespace Orchestrator.Benchmarks;

/// <summary>
/// The attribute file of the import benchmark: <c>user_id</c> and 20 attributes of mixed kinds (integers, decimals,
/// booleans, ISO dates and date-times, short strings, some quoted with commas). Every value is a pure function of the
/// row number, so the file and the raw SDK's entities hold exactly the same rows and the same typed values: the
/// types are those the import infers from the text (<see cref="AttributeValues.Infer"/>), which
/// <see cref="Generate"/> checks on the first rows.
/// </summary>
internal static class AttributeData
{
    /// <summary>Bumped when the generated content changes, so cached files are rebuilt.</summary>
    public const int Version = 1;

    public static readonly string[] Columns =
    [
        "user_id", "age", "visits", "orders", "points", "score", "balance", "lifetime_value", "ratio", "active", "newsletter",
        "vip", "signup", "birthday", "last_seen", "country", "plan", "city", "name", "tags", "note",
    ];

    private static readonly string[] Countries = ["DE", "FR", "US", "GB", "NL", "SE", "PL", "ES", "IT", "JP"];
    private static readonly string[] Plans = ["free", "pro", "team", "enterprise"];
    private static readonly string[] Cities = ["Berlin", "Paris", "Austin", "Leeds", "Utrecht", "Malmo", "Krakow", "Sevilla", "Torino", "Osaka", "Lyon", "Bristol"];
    private static readonly string[] Names = ["Ada", "Grace", "Linus", "Barbara", "Ken", "Margaret", "Dennis", "Frances", "Alan", "Edsger", "Radia", "Niklaus"];
    private static readonly string[] Tags = ["red, blue", "green", "sale, new, vip", "beta", "mobile, web", "none"];
    private static readonly string[] Notes = ["likes, commas", "plain note", "called support, twice", "prefers email", "moved, then returned", "ok"];
    private static readonly DateTime Epoch = new(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Lazy<bool> TypesChecked = new(Check);

    public static string FileName(int rows) => string.Create(CultureInfo.InvariantCulture, $"attributes-{rows}-v{Version}.csv");

    public static string UserId(int row) => string.Create(CultureInfo.InvariantCulture, $"user-{row:D8}");

    /// <summary>The typed attribute values of row <paramref name="row"/> (without the user id), in column order.</summary>
    public static object[] Values(int row)
    {
        ulong h = Mix((ulong)row);
        int Pick(int shift, int count) => (int)((h >> shift) % (ulong)count);
        ulong h2 = Mix(h);
        return
        [
            18L + (long)(h % 73), // age
            (long)(h2 % 100_000), // visits
            (long)((h >> 17) % 500), // orders
            -5000L + (long)((h2 >> 20) % 1_000_000), // points (negative too)
            Cents(h % 10_000_00), // score 0.00 .. 9999.99
            Cents(-50_000 + (long)((h2 >> 7) % 550_000)), // balance -500.00 .. 4999.99
            Cents((long)((h2 >> 29) % 100_000_000)), // lifetime_value
            ((((h >> 40) % 1000) * 10) + 5) / 10000.0, // ratio 0.0005 .. 0.9995
            (h & 1) == 0, // active
            (h & 2) == 0, // newsletter
            (h & 12) == 0, // vip
            Epoch.AddDays((double)((h >> 8) % 4000)), // signup (date)
            new DateTime(1950, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays((double)((h2 >> 11) % 20000)), // birthday (date)
            new DateTimeOffset(Epoch.AddSeconds((double)((h2 >> 3) % 340_000_000))), // last_seen (date-time, UTC)
            Countries[Pick(13, Countries.Length)],
            Plans[Pick(23, Plans.Length)],
            Cities[Pick(31, Cities.Length)],
            Names[Pick(37, Names.Length)] + " " + (char)('A' + Pick(43, 26)) + ".",
            Tags[Pick(47, Tags.Length)],
            Notes[Pick(53, Notes.Length)],
        ];
    }

    /// <summary>The entity the import stores for row <paramref name="row"/> (PartitionKey = tenant, RowKey = user id).</summary>
    public static TableEntity Entity(string tenant, int row)
    {
        var entity = new TableEntity(tenant, UserKeys.ToRowKey(UserId(row)));
        object[] values = Values(row);
        for (int i = 0; i < values.Length; i++)
        {
            entity[Columns[i + 1]] = values[i];
        }

        return entity;
    }

    /// <summary>Writes the CSV with <paramref name="rows"/> rows (LF line ends) unless it exists; returns its path.</summary>
    public static string Generate(string directory, int rows)
    {
        string path = Path.Combine(directory, FileName(rows));
        if (File.Exists(path))
        {
            return path;
        }

        string temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 20))
        {
            WriteCsv(writer, 1, rows);
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>
    /// The CSV of rows <paramref name="firstRow"/> .. <paramref name="firstRow"/> + <paramref name="rows"/> - 1 (header
    /// first, LF line ends), in memory: distinct row ranges give distinct users, so several files can be imported into
    /// one tenant and each row still be traced to its file.
    /// </summary>
    public static byte[] Csv(int firstRow, int rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true))
        {
            WriteCsv(writer, firstRow, rows);
        }

        return buffer.ToArray();
    }

    private static void WriteCsv(TextWriter writer, int firstRow, int rows)
    {
        _ = TypesChecked.Value;
        writer.NewLine = "\n";
        writer.WriteLine(string.Join(',', Columns));
        var line = new StringBuilder(256);
        for (int row = firstRow; row < firstRow + rows; row++)
        {
            line.Clear();
            AppendRow(line, row);
            writer.WriteLine(line);
        }
    }

    private static void AppendRow(StringBuilder line, int row)
    {
        line.Append(UserId(row));
        foreach (object value in Values(row))
        {
            line.Append(',').Append(Format(value));
        }
    }

    /// <summary>The text of a value in the file; fields with a comma or quote are quoted (RFC 4180).</summary>
    private static string Format(object value) => value switch
    {
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("0.00##", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTime date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset moment => moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        string s when s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) => "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
        string s => s,
        _ => throw new InvalidOperationException($"no format for {value.GetType()}"),
    };

    /// <summary>The import must infer exactly the types (and values) the raw SDK sends.</summary>
    private static bool Check()
    {
        for (int row = 1; row <= 2000; row++)
        {
            object[] values = Values(row);
            foreach (object value in values)
            {
                string text = Format(value);
                if (text.StartsWith('"'))
                {
                    text = text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
                }

                object inferred = AttributeValues.Infer(text);
                if (inferred.GetType() != value.GetType() || !inferred.Equals(value))
                {
                    throw new InvalidOperationException($"row {row}: '{text}' is inferred as {inferred.GetType().Name} {inferred}, generated as {value.GetType().Name} {value}");
                }
            }
        }

        return true;
    }

    private static double Cents(long cents) => cents / 100.0;

    private static double Cents(ulong cents) => cents / 100.0;

    private static ulong Mix(ulong x)
    {
        // SplitMix64 finaliser: cheap, deterministic, well spread.
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
