namespace Orchestrator.Buffers;

/// <summary>A <see cref="ReadOnlyStream"/> over an inner stream that it owns and disposes with itself.</summary>
internal abstract class ReadOnlyWrapperStream(Stream inner) : ReadOnlyStream
{
    protected Stream Inner { get; } = inner;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            this.Inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await this.Inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
