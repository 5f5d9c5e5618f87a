namespace Orchestrator.IntegrationTests.Security;

/// <summary>One request of the access matrix: the route's name, method, path below <c>/api/</c>, JSON body and query.</summary>
internal sealed record MatrixRequest(string Route, string Method, string Path, object? Json = null, string? Query = null);
