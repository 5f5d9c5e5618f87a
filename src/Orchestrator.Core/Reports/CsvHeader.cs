using System.Text;

namespace Orchestrator.Reports;

/// <summary>Reads the column names from the first line of a CSV.</summary>
internal static class CsvHeader
{
    public const int MaxHeaderBytes = 64 * 1024;

    public static async Task<IReadOnlyList<string>> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeaderBytes];
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            int newline = Array.IndexOf(buffer, (byte)'\n', filled, read);
            filled += read;
            if (newline >= 0)
            {
                return Parse(buffer.AsSpan(0, newline));
            }
        }

        return Parse(buffer.AsSpan(0, filled));
    }

    internal static IReadOnlyList<string> Parse(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        string text = Encoding.UTF8.GetString(line).TrimEnd('\r');
        if (text.Length == 0)
        {
            return [];
        }

        return text.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
    }
}
