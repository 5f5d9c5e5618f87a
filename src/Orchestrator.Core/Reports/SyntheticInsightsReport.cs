using System.Buffers.Text;
using System.IO.Hashing;
using System.Text;

namespace Orchestrator.Reports;

/// <summary>
/// Deterministic synthetic Insights data: one row per user session of a day. Every row has the same byte length
/// (fixed-width values), so any byte range can be produced directly from row numbers without generating what comes
/// before it. The same (tenant, report, day) always yields the same bytes.
/// </summary>
public static class SyntheticInsightsReport
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "event_date", "user_id", "session_id", "platform", "country", "app_version", "sessions", "events",
        "screen_views", "duration_seconds", "revenue", "is_new_user", "last_seen_utc",
    ];

    private static readonly byte[][] Platforms = ["IOS"u8.ToArray(), "AND"u8.ToArray(), "WEB"u8.ToArray(), "MAC"u8.ToArray(), "WIN"u8.ToArray()];

    private static readonly byte[][] Countries =
        ["US"u8.ToArray(), "DE"u8.ToArray(), "GB"u8.ToArray(), "FR"u8.ToArray(), "JP"u8.ToArray(), "BR"u8.ToArray(), "IN"u8.ToArray(), "NL"u8.ToArray()];

    public static byte[] Header { get; } = Encoding.UTF8.GetBytes(string.Join(',', Columns) + "\n");

    /// <summary>Bytes of every data row, newline included.</summary>
    public static int RowLength { get; } = ComputeRowLength();

    public static long Length(long rows) => Header.Length + (rows * RowLength);

    /// <summary>A seed that depends only on the business key.</summary>
    public static ulong Seed(ReportLocator locator) => XxHash64.HashToUInt64(
        Encoding.UTF8.GetBytes($"{locator.TenantId}\n{locator.Report}\n{locator.Period:yyyy-MM-dd}"));

    /// <summary>Opens a byte range of the report of <paramref name="locator"/>, generated lazily.</summary>
    public static Stream Open(ReportLocator locator, long offset, long length) =>
        new SyntheticReportStream(Seed(locator), locator.Period, offset, length);

    /// <summary>Writes data row <paramref name="row"/> into <paramref name="destination"/> (exactly <see cref="RowLength"/> bytes).</summary>
    public static void WriteRow(ulong seed, DateOnly day, long row, Span<byte> destination)
    {
        ulong a = Mix(seed ^ (ulong)row);
        ulong b = Mix(a ^ 0x9E3779B97F4A7C15UL);
        ulong c = Mix(b ^ 0xD1B54A32D192ED03UL);
        int p = 0;

        WriteDate(day, destination, ref p);
        destination[p++] = (byte)',';
        destination[p++] = (byte)'u';
        WriteDigits(a % 1_000_000_000, 9, destination, ref p);
        destination[p++] = (byte)',';
        Utf8Formatter.TryFormat(b, destination[p..], out _, new System.Buffers.StandardFormat('x', 16));
        p += 16;
        destination[p++] = (byte)',';
        Platforms[(int)(c % (ulong)Platforms.Length)].CopyTo(destination[p..]);
        p += 3;
        destination[p++] = (byte)',';
        Countries[(int)((c >> 8) % (ulong)Countries.Length)].CopyTo(destination[p..]);
        p += 2;
        destination[p++] = (byte)',';
        WriteDigits(1 + ((c >> 16) % 9), 1, destination, ref p);
        destination[p++] = (byte)'.';
        WriteDigits((c >> 20) % 100, 2, destination, ref p);
        destination[p++] = (byte)'.';
        WriteDigits((c >> 28) % 1000, 3, destination, ref p);
        destination[p++] = (byte)',';
        WriteDigits(1 + ((a >> 32) % 20), 3, destination, ref p);
        destination[p++] = (byte)',';
        WriteDigits((a >> 40) % 5000, 5, destination, ref p);
        destination[p++] = (byte)',';
        WriteDigits((b >> 32) % 2000, 5, destination, ref p);
        destination[p++] = (byte)',';
        WriteDigits((b >> 44) % 86_400, 6, destination, ref p);
        destination[p++] = (byte)',';
        ulong cents = (c >> 36) % 100_000;
        WriteDigits(cents / 100, 4, destination, ref p);
        destination[p++] = (byte)'.';
        WriteDigits(cents % 100, 2, destination, ref p);
        destination[p++] = (byte)',';
        destination[p++] = (c >> 60) % 4 == 0 ? (byte)'1' : (byte)'0';
        destination[p++] = (byte)',';
        WriteDate(day, destination, ref p);
        destination[p++] = (byte)'T';
        ulong second = (a >> 12) % 86_400;
        WriteDigits(second / 3600, 2, destination, ref p);
        destination[p++] = (byte)':';
        WriteDigits(second / 60 % 60, 2, destination, ref p);
        destination[p++] = (byte)':';
        WriteDigits(second % 60, 2, destination, ref p);
        destination[p++] = (byte)'Z';
        destination[p] = (byte)'\n';
    }

    private static int ComputeRowLength()
    {
        Span<byte> scratch = stackalloc byte[256];
        const int Fixed = 10 + 1 + 10 + 1 + 16 + 1 + 3 + 1 + 2 + 1 + 8 + 1 + 3 + 1 + 5 + 1 + 5 + 1 + 6 + 1 + 7 + 1 + 1 + 1 + 20 + 1;
        WriteRow(0, new DateOnly(2000, 1, 1), 0, scratch);
        return scratch.IndexOf((byte)'\n') + 1 == Fixed ? Fixed : throw new InvalidOperationException("Synthetic row layout drifted.");
    }

    private static void WriteDate(DateOnly day, Span<byte> destination, ref int p)
    {
        WriteDigits((ulong)day.Year, 4, destination, ref p);
        destination[p++] = (byte)'-';
        WriteDigits((ulong)day.Month, 2, destination, ref p);
        destination[p++] = (byte)'-';
        WriteDigits((ulong)day.Day, 2, destination, ref p);
    }

    private static void WriteDigits(ulong value, int width, Span<byte> destination, ref int p)
    {
        for (int i = width - 1; i >= 0; i--)
        {
            destination[p + i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        p += width;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
