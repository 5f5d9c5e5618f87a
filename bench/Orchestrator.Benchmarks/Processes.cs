using System.Diagnostics;
using System.Text;

namespace Orchestrator.Benchmarks;

/// <summary>A finished child process.</summary>
internal sealed record ProcessResult(int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public ProcessResult EnsureSuccess(string what) => this.ExitCode == 0
        ? this
        : throw new InvalidOperationException($"{what} exited with {this.ExitCode}:\n{Tail(this.Error)}\n{Tail(this.Output)}");

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;
}

/// <summary>Runs other programs (the peer tools, the CLI, memory children) and times them from start to exit.</summary>
internal static class Processes
{
    public static async Task<ProcessResult> RunAsync(
        string file,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string?>? environment = null,
        IEnumerable<string>? removeEnvironment = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (string name in removeEnvironment ?? [])
        {
            start.Environment.Remove(name);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (error)
                {
                    error.AppendLine(e.Data);
                }
            }
        };

        var clock = Stopwatch.StartNew();
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {file}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }

        clock.Stop();
        string outText;
        string errText;
        lock (output)
        {
            outText = output.ToString();
        }

        lock (error)
        {
            errText = error.ToString();
        }

        return new ProcessResult(process.ExitCode, outText, errText, clock.Elapsed);
    }

    /// <summary>First line a tool prints for its version, or a note that it could not be run.</summary>
    public static async Task<string> VersionAsync(string file, params string[] args)
    {
        try
        {
            var result = await RunAsync(file, args, timeout: TimeSpan.FromSeconds(30));
            string text = (result.Output + "\n" + result.Error).Trim();
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "?";
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or TimeoutException)
        {
            return $"({file}: {ex.Message})";
        }
    }
}
