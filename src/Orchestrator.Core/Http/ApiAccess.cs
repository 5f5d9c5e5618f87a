namespace Orchestrator.Http;

/// <summary>
/// Who may call a route: in Azure, <see cref="Function"/> needs a function key and <see cref="Admin"/> the host's admin
/// key (destructive or operator-only routes). The local runner has no keys and serves both alike.
/// </summary>
public enum ApiAccess
{
    Function,
    Admin,
}
