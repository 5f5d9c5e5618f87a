using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Orchestrator.Runs;

namespace Orchestrator.Logging;

/// <summary>
/// Runs an activity inside its <see cref="RunLogScope"/>, and notes each execution in <paramref name="executions"/>
/// (a re-execution after a crash leaves no trace in durable history); registered around every activity of the app.
/// </summary>
internal sealed class LogScopedActivity(ITaskActivity inner, ILogger logger, IRunExecutionStore? executions = null) : ITaskActivity
{
    public Type InputType => inner.InputType;

    public Type OutputType => inner.OutputType;

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        using (RunLogScope.Begin(logger, context.InstanceId, context.Name.Name, input))
        {
            if (executions is not null)
            {
                try
                {
                    await executions.RecordAsync(context.InstanceId, context.Name.Name, CancellationToken.None);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Only the timeline's execution count depends on it: never fail the activity for it.
                    Log.ExecutionNotRecorded(logger, context.Name.Name, ex.Message);
                }
            }

            return await inner.RunAsync(context, input);
        }
    }
}
