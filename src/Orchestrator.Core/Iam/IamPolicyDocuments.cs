using System.Text.Json.Nodes;

namespace Orchestrator.Iam;

/// <summary>The two documents a customer pastes into AWS (the trust policy only for role destinations).</summary>
public sealed record IamPolicyDocuments(JsonObject PermissionPolicy, JsonObject? TrustPolicy);
