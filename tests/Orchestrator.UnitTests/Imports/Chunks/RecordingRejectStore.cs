using System.Runtime.CompilerServices;
using Orchestrator.Imports.Models;
using Orchestrator.Imports.Rejects;

namespace Orchestrator.UnitTests.Imports.Chunks;

/// <summary>An in-memory reject store that keeps every rejection added, in order.</summary>
internal sealed class RecordingRejectStore : IImportRejectStore
{
    public List<(string RunId, ImportRejection Rejection)> Added { get; } = [];

    public Task AddAsync(string runId, IReadOnlyList<ImportRejection> rejections, CancellationToken cancellationToken)
    {
        this.Added.AddRange(rejections.Select(r => (runId, r)));
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<ImportRejection> ListAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var (run, rejection) in this.Added.Where(a => a.RunId == runId))
        {
            yield return rejection;
        }
    }
}
