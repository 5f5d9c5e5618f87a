using Microsoft.AspNetCore.Builder;
using Orchestrator.Runner.Hosting;

namespace Orchestrator.Runner.Cli;

/// <summary>
/// The runner host of one CLI command. Disposing it stops the host first, on every path out of the command (a result,
/// an early return, an exception): a host disposed without being stopped never stops its worker and the sidecar's
/// dispatchers, which then raced the disposal of the services they use (ObjectDisposedException in the log at exit).
/// </summary>
internal sealed class CliHost : IAsyncDisposable
{
    private CliHost(WebApplication app) => this.App = app;

    public WebApplication App { get; }

    public static async Task<CliHost> StartAsync(IReadOnlyDictionary<string, string?>? overrides, CancellationToken cancellationToken)
    {
        var app = RunnerHost.Build([], overrides);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await StopAndDisposeAsync(app);
            throw;
        }

        return new CliHost(app);
    }

    public ValueTask DisposeAsync() => StopAndDisposeAsync(this.App);

    private static async ValueTask StopAndDisposeAsync(WebApplication app)
    {
        try
        {
            if (!app.Lifetime.ApplicationStopped.IsCancellationRequested)
            {
                await app.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
