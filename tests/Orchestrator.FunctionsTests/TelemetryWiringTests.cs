using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orchestrator.Functions;

namespace Orchestrator.FunctionsTests;

/// <summary>Logs (with their run scopes), metrics and traces go to Azure Monitor exactly when its connection string is set.</summary>
public sealed class TelemetryWiringTests
{
    [Fact]
    public void AddOrchestratorFunctions_WithAppInsightsConnectionString_ExportsLogsWithScopesMetricsAndTraces()
    {
        using var host = Build("InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/");

        Assert.Contains(host.Services.GetServices<ILoggerProvider>(), p => p is OpenTelemetryLoggerProvider);
        Assert.NotNull(host.Services.GetService<MeterProvider>());
        Assert.NotNull(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void AddOrchestratorFunctions_WithoutAppInsightsConnectionString_ExportsNothing()
    {
        using var host = Build(string.Empty);

        Assert.DoesNotContain(host.Services.GetServices<ILoggerProvider>(), p => p is OpenTelemetryLoggerProvider);
        Assert.Null(host.Services.GetService<MeterProvider>());
    }

    private static Microsoft.Extensions.Hosting.IHost Build(string connectionString)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = connectionString,
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Secrets:KeyVaultUri"] = "https://example.vault.azure.net/",
        });
        builder.AddOrchestratorFunctions();
        return builder.Build();
    }
}
