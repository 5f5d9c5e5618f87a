using Amazon.S3;
using Orchestrator.Domain;

namespace Orchestrator.S3;

/// <summary>One S3 client per destination, reused across activities (never one per call).</summary>
public interface IS3ClientProvider
{
    IAmazonS3 GetClient(Destination destination);
}
