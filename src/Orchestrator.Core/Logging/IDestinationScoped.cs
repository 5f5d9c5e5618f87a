namespace Orchestrator.Logging;

/// <summary>
/// A task input that belongs to one tenant's destination. Every log line written while the task runs carries both
/// (see <see cref="RunLogScope"/>). Wrapper inputs implement it explicitly, so it adds nothing to their JSON.
/// </summary>
public interface IDestinationScoped
{
    string TenantId { get; }

    string DestinationId { get; }
}
