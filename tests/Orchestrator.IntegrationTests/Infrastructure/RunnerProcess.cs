using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orchestrator.Runner.Hosting;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>The local runner as a separate process (<c>orchestrator serve</c>), so a test can kill it like a crash would.</summary>
public sealed class RunnerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private RunnerProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        this.BaseAddress = baseAddress;
        this.Http = TestIssuer.Authorize(new HttpClient { BaseAddress = baseAddress });
    }

    public Uri BaseAddress { get; }

    /// <summary>The process id (e.g. to tell runners apart in a scenario's report).</summary>
    public int Pid => this.process.Id;

    public HttpClient Http { get; }

    public string Output
    {
        get
        {
            lock (this.output)
            {
                return this.output.ToString();
            }
        }
    }

    public static async Task<RunnerProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        int port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "orchestrator.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--api-url");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the runner.");
        var runner = new RunnerProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => runner.Append(e.Data);
        process.ErrorDataReceived += (_, e) => runner.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The runner exited with {process.ExitCode}:\n{runner.Output}");
            }

            try
            {
                using var probe = await runner.Http.GetAsync("api/runs/probe", timeout.Token);
                return runner;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200, timeout.Token);
            }
        }
    }

    /// <summary>POSTs <paramref name="body"/> to a start route (api/exports, api/imports); returns the run id of the 202.</summary>
    public async Task<string> StartRunAsync(string route, object body)
    {
        using var started = await this.Http.PostAsJsonAsync(route, body);
        string text = await started.Content.ReadAsStringAsync();
        if (started.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST {route} answered {(int)started.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> GetRunAsync(string instanceId)
    {
        using var response = await this.Http.GetAsync(new Uri("api/runs/" + Uri.EscapeDataString(instanceId), UriKind.Relative));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls the run's status over HTTP until <paramref name="condition"/> holds (or times out with the runner's output).</summary>
    public async Task<JsonElement> WaitForRunAsync(string instanceId, Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var run = await this.GetRunAsync(instanceId);
            if (run.TryGetProperty("runtimeStatus", out _) && condition(run))
            {
                return run;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Run {instanceId} did not reach the expected state: {run}\n{this.Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no graceful shutdown, like a machine that dies.</summary>
    public void Kill()
    {
        this.process.Kill(entireProcessTree: true);
        this.process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        this.Http.Dispose();
        if (!this.process.HasExited)
        {
            this.process.Kill(entireProcessTree: true);
            await this.process.WaitForExitAsync();
        }

        this.process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (this.output)
        {
            this.output.AppendLine(line);
        }
    }
}
