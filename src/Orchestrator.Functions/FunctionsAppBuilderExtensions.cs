using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orchestrator.Options;
using Orchestrator.Security;
using Orchestrator.Telemetry;

namespace Orchestrator.Functions;

/// <summary>The app's wiring, called by <c>Program</c> (and by the tests, which check what it registers).</summary>
public static class FunctionsAppBuilderExtensions
{
    public static FunctionsApplicationBuilder AddOrchestratorFunctions(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOrchestratorCore(builder.Configuration);
        // NightlyOptions are bound and validated by AddOrchestratorCore.

        // Every HTTP function's body goes through ApiGate: the JWT bearer handler (Entra ID tokens) and the route's role.
        // Function keys stay the outer gate of the Functions host, never the identity.
        builder.Services.AddOrchestratorAuthentication(builder.Configuration);

        // The orchestrator and activities are the shared classes of Orchestrator.Core, registered once here. The
        // Durable extension turns each registered task into an orchestrationTrigger/activityTrigger function at
        // start-up (worker indexing); no [Function] wrapper may declare the same names.
        builder.ConfigureDurableWorker().AddTasks(registry => registry.AddOrchestratorTasks());

        // Metrics and traces go to Application Insights only when it is configured (with the managed identity: the
        // resource has local authentication disabled).
        if (builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } connectionString)
        {
            builder.Services.AddOpenTelemetry()
                .WithMetrics(metrics => metrics.AddMeter(OrchestratorMetrics.Name).AddAzureMonitorMetricExporter(o =>
                {
                    o.ConnectionString = connectionString;
                    o.Credential = new Azure.Identity.DefaultAzureCredential();
                }))
                .WithTracing(tracing => tracing.AddSource(OrchestratorMetrics.Name).AddAzureMonitorTraceExporter(o =>
                {
                    o.ConnectionString = connectionString;
                    o.Credential = new Azure.Identity.DefaultAzureCredential();
                }));

            // Logs too, with their scopes: every line of a run carries RunId, Task, TenantId and DestinationId as
            // custom dimensions (the host's own log forwarding drops worker scopes).
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeScopes = true;
                logging.AddAzureMonitorLogExporter(o =>
                {
                    o.ConnectionString = connectionString;
                    o.Credential = new Azure.Identity.DefaultAzureCredential();
                });
            });
        }

        return builder;
    }
}
