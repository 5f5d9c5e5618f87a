using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Runner.Hosting;

namespace Orchestrator.Runner.Security;

/// <summary>
/// Dev mode of <c>serve</c>/<c>demo</c> when no <c>Auth:Authority</c> is configured: serves the built-in
/// <see cref="LocalIssuer"/> for the runner's lifetime, saves its state for <c>orchestrator token</c>, and says so in the log.
/// </summary>
internal sealed class LocalIssuerService(LocalIssuer issuer, string statePath, string apiUrl, ILogger<LocalIssuerService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await issuer.StartAsync(cancellationToken);
        issuer.SaveState(statePath);
        RunnerLogs.LocalIssuerServing(logger, issuer.Issuer, apiUrl);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await issuer.DisposeAsync();
        File.Delete(statePath);
    }
}
