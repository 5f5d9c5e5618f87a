namespace Orchestrator.Runs;

/// <summary>Business status of a run as recorded in the run table.</summary>
public enum RunStatus
{
    Running = 0,
    Succeeded = 1,
    Failed = 2,
}
