namespace Orchestrator.IntegrationTests.Infrastructure.Faults;

/// <summary>
/// What went through the proxy after a fault (from a second before it, so requests already on their way count):
/// every request, the UploadPart attempts per part number and the multipart aborts, to tell a bounded reaction from a
/// retry storm.
/// </summary>
public sealed record UploadTraffic(IReadOnlyList<ProxiedRequest> Requests)
{
    public IReadOnlyDictionary<int, int> PartAttempts { get; } =
        Requests.Where(r => r.IsUploadPart).GroupBy(r => r.PartNumber).ToDictionary(g => g.Key, g => g.Count());

    public int MaxAttemptsPerPart => this.PartAttempts.Count == 0 ? 0 : this.PartAttempts.Values.Max();

    /// <summary>AbortMultipartUpload requests (DELETE with an uploadId).</summary>
    public int Aborts { get; } = Requests.Count(r => r.Method == "DELETE" && r.Target.Contains("uploadId=", StringComparison.Ordinal));

    public static UploadTraffic Since(TcpFaultProxy proxy, DateTimeOffset fault) =>
        new([.. proxy.Requests.Where(r => r.At >= fault.AddSeconds(-1))]);
}
