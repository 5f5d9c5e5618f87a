using Microsoft.DurableTask;
using Orchestrator.Errors;
using Orchestrator.Runs;
using CoreFailureDetails = global::DurableTask.Core.FailureDetails;
using CoreTaskFailedException = global::DurableTask.Core.Exceptions.TaskFailedException;

namespace Orchestrator.UnitTests.Runs;

/// <summary>
/// <see cref="RetryPolicy.HandleFailure"/> is init-only; the engine reaches it through <see cref="RetryPolicy.Handle"/>
/// with the core task-failed exception carrying the failure details, so the tests go the same way.
/// </summary>
public sealed class RunRetryPoliciesTests
{
    public static TheoryData<string> PolicyNames => new()
    {
        nameof(RunRetryPolicies.ExportSteps),
        nameof(RunRetryPolicies.ImportSteps),
        nameof(RunRetryPolicies.ValidationChecks),
        nameof(RunRetryPolicies.NightSteps),
        nameof(RunRetryPolicies.RunRecords),
    };

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void HandleFailure_TransientStorageFailure_ReturnsTrue(string name)
    {
        Assert.True(Policy(name).Handle(Failure(typeof(TransientStorageException))));
    }

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void HandleFailure_PermanentOrUnexpectedFailure_ReturnsFalse(string name)
    {
        var policy = Policy(name);

        Assert.False(policy.Handle(Failure(typeof(PermanentRunException))));
        Assert.False(policy.Handle(Failure(typeof(InvalidOperationException))));
        Assert.False(policy.Handle(Failure(typeof(IOException))));
    }

    [Theory]
    [MemberData(nameof(PolicyNames))]
    public void Policy_EachKind_RetriesEightTimesBackingOffOneToThirtySeconds(string name)
    {
        var policy = Policy(name);

        Assert.Equal(8, policy.MaxNumberOfAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), policy.FirstRetryInterval);
        Assert.Equal(2.0, policy.BackoffCoefficient);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.MaxRetryInterval);
    }

    [Fact]
    public void TaskOptions_EachKind_CarryThatKindsOwnPolicy()
    {
        Assert.Same(RunRetryPolicies.ExportSteps, RunRetryPolicies.ForExports.Retry?.Policy);
        Assert.Same(RunRetryPolicies.ImportSteps, RunRetryPolicies.ForImports.Retry?.Policy);
        Assert.Same(RunRetryPolicies.ValidationChecks, RunRetryPolicies.ForValidation.Retry?.Policy);
        Assert.Same(RunRetryPolicies.NightSteps, RunRetryPolicies.ForNights.Retry?.Policy);
        Assert.Same(RunRetryPolicies.RunRecords, RunRetryPolicies.ForRunRecords.Retry?.Policy);
    }

    [Fact]
    public void Policies_AllKinds_AreDistinctInstances()
    {
        RetryPolicy[] all = [RunRetryPolicies.ExportSteps, RunRetryPolicies.ImportSteps, RunRetryPolicies.ValidationChecks, RunRetryPolicies.NightSteps, RunRetryPolicies.RunRecords];

        Assert.Equal(all.Length, all.Distinct(ReferenceEqualityComparer.Instance).Count());
    }

    private static RetryPolicy Policy(string name) => name switch
    {
        nameof(RunRetryPolicies.ExportSteps) => RunRetryPolicies.ExportSteps,
        nameof(RunRetryPolicies.ImportSteps) => RunRetryPolicies.ImportSteps,
        nameof(RunRetryPolicies.ValidationChecks) => RunRetryPolicies.ValidationChecks,
        nameof(RunRetryPolicies.NightSteps) => RunRetryPolicies.NightSteps,
        nameof(RunRetryPolicies.RunRecords) => RunRetryPolicies.RunRecords,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such policy"),
    };

    private static CoreTaskFailedException Failure(Type errorType) =>
        new("activity failed", null!)
        {
            FailureDetails = new CoreFailureDetails(errorType.FullName!, "message", null, null, false),
        };
}
