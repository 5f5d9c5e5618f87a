using Microsoft.DurableTask;
using Orchestrator.Errors;
using Orchestrator.Exports.Orchestrations;
using CoreFailureDetails = global::DurableTask.Core.FailureDetails;
using CoreTaskFailedException = global::DurableTask.Core.Exceptions.TaskFailedException;

namespace Orchestrator.UnitTests.Exports.Orchestrations;

/// <summary>
/// <see cref="RetryPolicy.HandleFailure"/> is init-only; the engine reaches it through <see cref="RetryPolicy.Handle"/>
/// with the core task-failed exception carrying the failure details, so the tests go the same way.
/// </summary>
public sealed class ExportRetryPoliciesTests
{
    [Fact]
    public void HandleFailure_TransientStorageFailure_ReturnsTrue()
    {
        Assert.True(ExportRetryPolicies.Transient.Handle(Failure(typeof(TransientStorageException))));
    }

    [Theory]
    [InlineData(typeof(PermanentExportException))]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(IOException))]
    public void HandleFailure_OtherFailure_ReturnsFalse(Type errorType)
    {
        Assert.False(ExportRetryPolicies.Transient.Handle(Failure(errorType)));
    }

    [Fact]
    public void Transient_Policy_RetriesWithBoundedBackoff()
    {
        var policy = ExportRetryPolicies.Transient;

        Assert.Equal(8, policy.MaxNumberOfAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), policy.FirstRetryInterval);
        Assert.Equal(2.0, policy.BackoffCoefficient);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.MaxRetryInterval);
        Assert.Same(policy, ExportRetryPolicies.TransientOptions.Retry?.Policy);
    }

    private static CoreTaskFailedException Failure(Type errorType) =>
        new("activity failed", null!)
        {
            FailureDetails = new CoreFailureDetails(errorType.FullName!, "message", null, null, false),
        };
}
