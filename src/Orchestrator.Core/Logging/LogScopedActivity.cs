using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Logging;

/// <summary>Runs an activity inside its <see cref="RunLogScope"/>; registered around every activity of the app.</summary>
internal sealed class LogScopedActivity(ITaskActivity inner, ILogger logger) : ITaskActivity
{
    public Type InputType => inner.InputType;

    public Type OutputType => inner.OutputType;

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        using (RunLogScope.Begin(logger, context.InstanceId, context.Name.Name, input))
        {
            return await inner.RunAsync(context, input);
        }
    }
}
