using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Orchestrator.Operations;

/// <summary>
/// Keyset position in the newest-first order (StartedAt descending, then run id ascending): the last run of the
/// previous page. Opaque to clients (base64url); stable while runs are added, unlike an offset.
/// </summary>
public sealed record RunContinuation(DateTimeOffset StartedAt, string RunId)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{this.StartedAt.UtcTicks}|{this.RunId}")));

    public static RunContinuation? TryDecode(string token)
    {
        try
        {
            string text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            int bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar <= 0 || bar == text.Length - 1
                || !long.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out long ticks)
                || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                return null;
            }

            return new RunContinuation(new DateTimeOffset(ticks, TimeSpan.Zero), text[(bar + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="startedAt"/>/<paramref name="runId"/> comes after this position.</summary>
    public bool IsBefore(DateTimeOffset startedAt, string runId) =>
        startedAt < this.StartedAt || (startedAt == this.StartedAt && string.CompareOrdinal(runId, this.RunId) > 0);
}
