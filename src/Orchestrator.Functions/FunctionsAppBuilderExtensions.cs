using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Options;

namespace Orchestrator.Functions;

/// <summary>The app's wiring, called by <c>Program</c> (and by the tests, which check what it registers).</summary>
public static class FunctionsAppBuilderExtensions
{
    public static FunctionsApplicationBuilder AddOrchestratorFunctions(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOrchestratorCore(builder.Configuration);
        // NightlyOptions are bound and validated by AddOrchestratorCore.

        // The orchestrator and activities are the shared classes of Orchestrator.Core, registered once here. The
        // Durable extension turns each registered task into an orchestrationTrigger/activityTrigger function at
        // start-up (worker indexing); no [Function] wrapper may declare the same names.
        builder.ConfigureDurableWorker().AddTasks(registry => registry.AddOrchestratorTasks());
        return builder;
    }
}
