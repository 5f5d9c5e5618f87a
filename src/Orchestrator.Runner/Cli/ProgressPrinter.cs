using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace Orchestrator.Runner.Cli;

/// <summary>Polls a run and draws a progress bar (a line per 10% when output is not a terminal).</summary>
internal sealed class ProgressPrinter(TextWriter output)
{
    private readonly bool interactive = !Console.IsOutputRedirected;
    private int lastDecile = -1;
    private string lastPhase = string.Empty;

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

        using var json = JsonDocument.Parse(customStatus);
        var root = json.RootElement;
        string phase = root.TryGetProperty("phase", out var p) ? p.GetString() ?? string.Empty : string.Empty;
        int done = root.TryGetProperty("partsDone", out var d) ? d.GetInt32() : 0;
        int total = root.TryGetProperty("partsTotal", out var t) ? t.GetInt32() : 0;
        long bytesDone = root.TryGetProperty("bytesDone", out var bd) ? bd.GetInt64() : 0;
        long bytesTotal = root.TryGetProperty("bytesTotal", out var bt) ? bt.GetInt64() : 0;
        double percent = bytesTotal > 0 ? 100.0 * bytesDone / bytesTotal : 0;
        string line = string.Create(
            CultureInfo.InvariantCulture,
            $"[{Bar(percent)}] {percent,5:0.0}%  {phase,-10} parts {done}/{total}  {bytesDone / 1048576.0:0.0}/{bytesTotal / 1048576.0:0.0} MiB");
        if (this.interactive)
        {
            output.Write("\r" + line);
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

    private static string Bar(double percent)
    {
        const int Width = 30;
        int filled = (int)Math.Round(percent / 100 * Width);
        return new string('#', filled) + new string('.', Width - filled);
    }
}
