using System.IO.Pipelines;

namespace Orchestrator.Runner.Hosting;

/// <summary>A connection's transport with its output replaced.</summary>
internal sealed class TransportPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input => input;

    public PipeWriter Output => output;
}
