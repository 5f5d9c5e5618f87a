using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Orchestrator.Exports.Models;

namespace Orchestrator.Runner.Cli;

/// <summary>Polls a run and draws a progress bar (a line per 10% when output is not a terminal).</summary>
internal sealed class ProgressPrinter(TextWriter output)
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private readonly bool interactive = !Console.IsOutputRedirected;
    private int lastDecile = -1;
    private string lastPhase = string.Empty;
    private int lastWidth;

    public async Task<OrchestrationMetadata> FollowAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken)
                ?? throw new InvalidOperationException($"Run '{instanceId}' disappeared.");
            this.Draw(metadata.SerializedCustomStatus);
            if (metadata.IsCompleted)
            {
                if (this.interactive)
                {
                    output.WriteLine();
                }

                return metadata;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    public void Draw(string? customStatus)
    {
        if (string.IsNullOrEmpty(customStatus))
        {
            return;
        }

        var progress = JsonSerializer.Deserialize<ExportProgress>(customStatus, WebJson);
        if (progress is null)
        {
            return;
        }

        string phase = progress.Phase;
        double percent = progress.Percent;
        string line = Format(progress);
        if (this.interactive)
        {
            // Pad over a longer previous line, so no tail of it stays on screen.
            output.Write("\r" + line.PadRight(this.lastWidth));
            this.lastWidth = line.Length;
            return;
        }

        int decile = (int)(percent / 10);
        if (decile != this.lastDecile || phase != this.lastPhase)
        {
            output.WriteLine(line);
            this.lastDecile = decile;
            this.lastPhase = phase;
        }
    }

    /// <summary>
    /// One progress line. Parts and MiB appear once the upload is planned: before that (validating the destination,
    /// planning) there is nothing to count, and "parts 0/0 0.0/0.0 MiB" would read like an empty report.
    /// </summary>
    internal static string Format(ExportProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        double percent = progress.Percent;
        string head = string.Create(CultureInfo.InvariantCulture, $"[{Bar(percent)}] {percent,5:0.0}%  {progress.Phase,-10}");
        return progress.PartsTotal <= 0
            ? head.TrimEnd()
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{head} parts {progress.PartsDone}/{progress.PartsTotal}  {progress.BytesDone / 1048576.0:0.0}/{progress.BytesTotal / 1048576.0:0.0} MiB");
    }

    private static string Bar(double percent)
    {
        const int Width = 30;
        int filled = (int)Math.Round(percent / 100 * Width);
        return new string('#', filled) + new string('.', Width - filled);
    }
}
