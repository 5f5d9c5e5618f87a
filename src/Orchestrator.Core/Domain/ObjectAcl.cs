namespace Orchestrator.Domain;

/// <summary>The canned ACL the service puts on every object it writes (the <c>x-amz-acl</c> header).</summary>
public enum ObjectAcl
{
    /// <summary>No header: the bucket's object ownership settings apply.</summary>
    None = 0,

    /// <summary><c>bucket-owner-full-control</c>: for buckets owned by another account than the writer's.</summary>
    BucketOwnerFullControl = 1,
}
