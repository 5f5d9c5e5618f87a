using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Runner.Hosting;

/// <summary>Configuration section <c>Runner</c>: how the local runner hosts the orchestrations.</summary>
public sealed class RunnerOptions
{
    public const string SectionName = "Runner";

    public DurableBackendKind Backend { get; set; } = DurableBackendKind.InMemory;

    /// <summary>Task hub name of the Azure Storage backend.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}\\z")]
    public string TaskHub { get; set; } = "OrchestratorRunner";

    /// <summary>Connection string of the Azure Storage backend; defaults to <c>Storage:ConnectionString</c>.</summary>
    public string? DurableConnectionString { get; set; }

    /// <summary>Activity work items run at once (part uploads are I/O-bound).</summary>
    [Range(1, 256)]
    public int MaxConcurrentActivities { get; set; } = 16;

    [Range(1, 256)]
    public int MaxConcurrentOrchestrations { get; set; } = 16;

    /// <summary>How long a dequeued work item stays invisible on Azure Storage; a crashed runner's work is retried after it.</summary>
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>HTTP API address, e.g. <c>http://127.0.0.1:7071</c>; empty for no API (CLI-only runs).</summary>
    public string? ApiUrl { get; set; }

    /// <summary>
    /// Host names the API answers (semicolon-separated, ports ignored); default: the host of <see cref="ApiUrl"/>,
    /// <c>localhost</c> and <c>127.0.0.1</c>. Other <c>Host</c> headers get 400 (DNS rebinding).
    /// </summary>
    public string? AllowedHosts { get; set; }

    /// <summary>Where dev mode saves its local issuer's state for <c>orchestrator token</c> (default: the user's local application data).</summary>
    public string? LocalIssuerFolder { get; set; }
}
