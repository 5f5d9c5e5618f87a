using Microsoft.DurableTask;
using Orchestrator.Errors;
using Orchestrator.Exports.Formats;
using Orchestrator.Exports.Models;
using Orchestrator.Reports;

namespace Orchestrator.Exports.Activities;

/// <summary>
/// Typed formats, fanned out: scan one nominal source range for its quote parity and first line feeds, so that the
/// orchestrator can chain the record-aligned file starts (<see cref="RecordBoundaries.Chain"/>). Reads, writes nothing.
/// </summary>
public sealed class ScanRangeActivity(IReportSource reports) : TaskActivity<ScanRangeInput, RangeQuotes>
{
    private const int ReadChunk = 1024 * 1024;

    public override async Task<RangeQuotes> RunAsync(TaskActivityContext context, ScanRangeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = input.Request;
        var scanner = new RecordBoundaries.Scanner();
        byte[] chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(ReadChunk);
        try
        {
            await using var source = await reports.OpenRangeAsync(new ReportLocator(request.TenantId, request.Report, request.Period), input.Offset, input.Length, CancellationToken.None);
            int read;
            while ((read = await source.ReadAsync(chunk.AsMemory(0, ReadChunk), CancellationToken.None)) > 0)
            {
                scanner.Add(chunk.AsSpan(0, read));
            }
        }
        catch (Exception ex)
        {
            throw StorageErrors.Translate(ex, "Reading the report", input.Bucket);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }

        return scanner.Result;
    }
}
