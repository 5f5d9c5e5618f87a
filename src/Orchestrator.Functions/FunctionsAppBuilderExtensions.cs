using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Nightly;
using Orchestrator.Options;

namespace Orchestrator.Functions;

/// <summary>The app's wiring, called by <c>Program</c> (and by the tests, which check what it registers).</summary>
public static class FunctionsAppBuilderExtensions
{
    public static FunctionsApplicationBuilder AddOrchestratorFunctions(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOrchestratorCore(builder.Configuration);
        builder.Services.AddOptions<NightlyOptions>()
            .Bind(builder.Configuration.GetSection(NightlyOptions.SectionName))
            .Validate(o => o.Exports.TrueForAll(NightlyExports.IsValid), "Nightly:Exports has an entry with an invalid Tenant, DestinationId or Report.")
            .Validate(o => o.Imports.TrueForAll(NightlyImports.IsValid), "Nightly:Imports has an entry with an invalid Tenant, DestinationId or Prefix.")
            .ValidateOnStart();

        // The orchestrator and activities are the shared classes of Orchestrator.Core, registered once here. The
        // Durable extension turns each registered task into an orchestrationTrigger/activityTrigger function at
        // start-up (worker indexing); no [Function] wrapper may declare the same names.
        builder.ConfigureDurableWorker().AddTasks(registry => registry.AddOrchestratorTasks());
        return builder;
    }
}
