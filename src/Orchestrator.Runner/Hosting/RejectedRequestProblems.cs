using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Orchestrator.Runner.Hosting;

/// <summary>
/// Kestrel answers some malformed requests itself, before any middleware runs (a <c>%00</c> in the path, a bad
/// request line or header, a request over its limits), with a bare status and an empty body. Status-code pages
/// cannot reach those, so the API endpoint's connections get a writer that turns exactly those answers into
/// problem+json (<see cref="ProblemJsonRejectionWriter"/>), told by Kestrel's BadRequest diagnostic event
/// (<see cref="RejectedRequestObserver"/>). The gRPC endpoint of the sidecar is left alone.
/// </summary>
internal static class RejectedRequestProblems
{
    public static ListenOptions UseProblemJsonForRejectedRequests(this ListenOptions listen)
    {
        listen.Use(next => async connection =>
        {
            var rejected = new RejectedRequest();
            connection.Features.Set(rejected);
            var transport = connection.Transport;
            connection.Transport = new TransportPipe(transport.Input, new ProblemJsonRejectionWriter(transport.Output, rejected));
            try
            {
                await next(connection);
            }
            finally
            {
                connection.Transport = transport;
            }
        });
        return listen;
    }
}
