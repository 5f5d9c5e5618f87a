namespace Orchestrator.UnitTests.Nightly;

/// <summary>A run the scheduler started in a <see cref="SchedulerHarness"/>: orchestrator, instance id, input, and how the test finishes it.</summary>
internal sealed record StartedRun(string Orchestrator, string InstanceId, object? Input, Action Succeed, Action<string> Fail, Action<object> Complete);
