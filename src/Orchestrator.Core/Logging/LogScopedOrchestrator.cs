using Microsoft.DurableTask;

namespace Orchestrator.Logging;

/// <summary>Runs an orchestrator inside its <see cref="RunLogScope"/>; registered around every orchestrator of the app.</summary>
internal sealed class LogScopedOrchestrator(ITaskOrchestrator inner, string name) : ITaskOrchestrator
{
    public Type InputType => inner.InputType;

    public Type OutputType => inner.OutputType;

    public async Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        using (RunLogScope.Begin(context.CreateReplaySafeLogger(typeof(LogScopedOrchestrator).FullName!), context.InstanceId, name, input))
        {
            return await inner.RunAsync(context, input);
        }
    }
}
