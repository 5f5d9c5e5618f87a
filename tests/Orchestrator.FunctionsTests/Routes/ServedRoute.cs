namespace Orchestrator.FunctionsTests.Routes;

/// <summary>One method on one path as a host serves it (path with its <c>/api</c> prefix), and the access level where the host has one.</summary>
internal sealed record ServedRoute(string Method, string Path, string? Access = null)
{
    public override string ToString() => this.Access is null ? $"{this.Method} {this.Path}" : $"{this.Method} {this.Path} ({this.Access})";
}
