using System.IO.Pipelines;
using Orchestrator.Buffers;
using Orchestrator.Errors;

namespace Orchestrator.UnitTests.Buffers;

public sealed class IdleTimeoutStreamTests
{
    [Fact]
    public async Task ReadAsync_InnerStaysSilent_ThrowsTransientTimeout()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(new byte[] { 1, 2, 3 });
        using var stream = new IdleTimeoutStream(pipe.Reader.AsStream(), TimeSpan.FromMilliseconds(200));
        var buffer = new byte[16];

        Assert.Equal(3, await stream.ReadAsync(buffer));
        var silent = await Assert.ThrowsAsync<TimeoutException>(async () => await stream.ReadExactlyAsync(buffer.AsMemory(0, 1)));

        Assert.True(StorageErrors.IsTransient(silent));
    }

    [Fact]
    public async Task ReadAsync_DataKeepsComing_ReadsEverything()
    {
        byte[] data = [.. Enumerable.Range(0, 100_000).Select(i => (byte)i)];
        using var stream = new IdleTimeoutStream(new MemoryStream(data), TimeSpan.FromSeconds(30));
        using var copy = new MemoryStream();

        await stream.CopyToAsync(copy);

        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public async Task ReadAsync_CallerCancels_ThrowsCancellationNotTimeout()
    {
        var pipe = new Pipe();
        using var stream = new IdleTimeoutStream(pipe.Reader.AsStream(), TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await stream.ReadExactlyAsync(new byte[16], cancel.Token));
    }
}
