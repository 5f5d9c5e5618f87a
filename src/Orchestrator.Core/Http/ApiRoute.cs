namespace Orchestrator.Http;

/// <summary>
/// One HTTP route of the API: a name, one method, its template below the <c>api/</c> prefix, who may call it, and the
/// handler both hosts call (route parameters bind by name, the durable client and services from the host).
/// </summary>
public sealed record ApiRoute(string Name, string Method, string Template, ApiAccess Access, Delegate Handler);
