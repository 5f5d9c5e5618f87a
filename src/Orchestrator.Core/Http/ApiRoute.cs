using Orchestrator.Security;

namespace Orchestrator.Http;

/// <summary>
/// One HTTP route of the API: a name, one method, its template below the <c>api/</c> prefix, the outer key gate in Azure
/// (<see cref="ApiAccess"/>), the role a caller's token must grant (<see cref="ApiRole"/>, required: a route without
/// one does not compile), and the handler both hosts call (route parameters bind by name, the durable client and
/// services from the host).
/// </summary>
public sealed record ApiRoute(string Name, string Method, string Template, ApiAccess Access, ApiRole Role, Delegate Handler);
