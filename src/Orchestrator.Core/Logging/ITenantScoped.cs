namespace Orchestrator.Logging;

/// <summary>
/// A task input that belongs to one tenant but to no single destination (e.g. the tenant's attribute counts). Every log
/// line written while the task runs carries the tenant (see <see cref="RunLogScope"/>).
/// </summary>
public interface ITenantScoped
{
    string TenantId { get; }
}
