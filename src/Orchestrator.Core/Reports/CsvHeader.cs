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

        // RFC 4180: fields may be quoted, quotes inside are doubled, commas inside quotes do not separate.
        var columns = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                columns.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        columns.Add(field.ToString());
        return columns;
    }
}
