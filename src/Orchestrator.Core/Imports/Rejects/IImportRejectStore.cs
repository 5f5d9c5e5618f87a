using Orchestrator.Imports.Models;

namespace Orchestrator.Imports.Rejects;

/// <summary>Rejected rows of a run, kept outside the orchestration history until the error report is written.</summary>
public interface IImportRejectStore
{
    /// <summary>Adds rejections; adding the same (file, line) again replaces it, so a retried chunk never doubles them.</summary>
    Task AddAsync(string runId, IReadOnlyList<ImportRejection> rejections, CancellationToken cancellationToken);

    IAsyncEnumerable<ImportRejection> ListAsync(string runId, CancellationToken cancellationToken);
}
