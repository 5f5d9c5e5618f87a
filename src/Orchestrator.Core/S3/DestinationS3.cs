using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;
using Orchestrator.Buffers;
using Orchestrator.Credentials;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.Errors;
using Orchestrator.Options;

namespace Orchestrator.S3;

/// <summary>
/// What every S3 activity needs first: the destination (by reference) and its cached client. It also turns SDK
/// errors into transient/permanent ones and drops cached credentials that S3 says have expired.
/// </summary>
public sealed class DestinationS3(
    DestinationResolver destinations, IS3ClientProvider clients, IDestinationCredentialProvider credentials, IOptions<S3Options> options)
{
    /// <summary>The client of a run's destination snapshot (read once by the run's first step; no store read here).</summary>
    public (Destination Destination, IAmazonS3 Client) Open(Destination snapshot) => (snapshot, clients.GetClient(snapshot));

    /// <summary>Reads the destination's current row (operations outside a run, such as aborting a cancelled run's upload).</summary>
    public async Task<(Destination Destination, IAmazonS3 Client)> OpenAsync(string tenantId, string destinationId, CancellationToken cancellationToken)
    {
        var destination = await destinations.ResolveAsync(tenantId, destinationId, cancellationToken);
        return (destination, clients.GetClient(destination));
    }

    /// <summary>
    /// The body of a GetObject response, failing with a (transient) <see cref="TimeoutException"/> when it stays silent
    /// for longer than <c>S3:RequestTimeout</c>: the SDK's timeout ends with the response headers.
    /// </summary>
    public Stream ReadBody(GetObjectResponse response) => new IdleTimeoutStream(response.ResponseStream, options.Value.RequestTimeout);

    /// <summary>Translates <paramref name="exception"/>; call as <c>throw s3.Fail(...)</c>.</summary>
    public Exception Fail(Exception exception, Destination destination, string operation, string? key = null)
    {
        if (exception is AmazonS3Exception { ErrorCode: "ExpiredToken" or "InvalidToken" })
        {
            credentials.Invalidate(destination);
        }

        return StorageErrors.Translate(exception, operation, destination, key);
    }
}
