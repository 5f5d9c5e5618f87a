using System.Globalization;

namespace Orchestrator.IntegrationTests.Load;

/// <summary>Nearest-rank percentiles of run durations, for the RESULT line (printed, never asserted).</summary>
internal static class Durations
{
    public static TimeSpan Percentile(IReadOnlyCollection<TimeSpan> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        int rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary><c>p50=1.2s p95=3.4s max=4.0s</c>.</summary>
    public static string Summary(IReadOnlyCollection<TimeSpan> values) => string.Create(
        CultureInfo.InvariantCulture,
        $"p50={Percentile(values, 50).TotalSeconds:0.0}s p95={Percentile(values, 95).TotalSeconds:0.0}s max={values.Max().TotalSeconds:0.0}s");
}
