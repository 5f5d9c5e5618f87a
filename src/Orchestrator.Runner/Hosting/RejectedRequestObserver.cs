using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Orchestrator.Runner.Hosting;

/// <summary>
/// Listens to Kestrel's <c>Microsoft.AspNetCore.Server.Kestrel.BadRequest</c> diagnostic event, which Kestrel raises
/// after it decided to reject a request and before it writes its own empty response, and marks the connection's
/// <see cref="RejectedRequest"/> so that the response written next becomes problem+json.
/// </summary>
internal sealed class RejectedRequestObserver : IObserver<KeyValuePair<string, object?>>
{
    public const string EventName = "Microsoft.AspNetCore.Server.Kestrel.BadRequest";

    public static IDisposable Subscribe(DiagnosticListener listener) =>
        listener.Subscribe(new RejectedRequestObserver(), name => name == EventName);

    public void OnNext(KeyValuePair<string, object?> value)
    {
        // The payload is the request's feature collection, which falls back to the connection's features.
        if (value.Key == EventName && value.Value is IFeatureCollection features && features.Get<RejectedRequest>() is { } rejected)
        {
            rejected.Method = features.Get<IHttpRequestFeature>()?.Method;
            rejected.Error = features.Get<IBadRequestExceptionFeature>()?.Error ?? new InvalidOperationException("The request is malformed.");
        }
    }

    public void OnError(Exception error)
    {
    }

    public void OnCompleted()
    {
    }
}
