using Orchestrator.Domain;

namespace Orchestrator.Validation;

/// <summary>Instance ids and probe keys of connection tests.</summary>
public static class ValidationNaming
{
    public const string ProbeFolder = ".orchestrator-connection-test";

    /// <summary><c>validate:{tenant}:{destination}:{unique}</c>: each test is its own run (it writes nothing lasting).</summary>
    public static string InstanceId(string tenantId, string destinationId, string unique) => $"validate:{tenantId}:{destinationId}:{unique}";

    /// <summary>The probe object lives under the destination's path, where the service writes.</summary>
    public static string ProbeKey(string bucketPath, string instanceId) =>
        BucketPath.Combine(bucketPath, $"{ProbeFolder}/{instanceId.Replace(':', '-')}.txt");
}
