using Microsoft.DurableTask.Client;
using Orchestrator.Runs;

namespace Orchestrator.Operations;

/// <summary>
/// Everything known about a run: the durable instance (null once its history is purged), the business record from
/// the Runs table (null before the run recorded itself), and the timeline derived from durable history.
/// </summary>
public sealed record RunDetail(OrchestrationMetadata? Instance, RunRecord? Record, RunTimeline Timeline);
