namespace Orchestrator.Buffers;

/// <summary>
/// A read-only wrapper that fails any read which receives nothing for <c>timeout</c> with a
/// <see cref="TimeoutException"/> (transient). HttpClient's timeout ends once the response headers arrive, so without
/// this a response body whose connection goes silent (a half-open TCP connection, a stalled proxy) would be read
/// forever and the activity would never finish or be retried.
/// </summary>
internal sealed class IdleTimeoutStream(Stream inner, TimeSpan timeout) : ReadOnlyWrapperStream(inner)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        silence.CancelAfter(timeout);
        try
        {
            return await this.Inner.ReadAsync(buffer, silence.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The response body stayed silent for more than {timeout.TotalSeconds:0.#} s.", ex);
        }
    }
}
