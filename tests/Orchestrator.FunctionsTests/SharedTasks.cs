using System.Reflection;
using Microsoft.DurableTask;

namespace Orchestrator.FunctionsTests;

/// <summary>
/// Every orchestrator and activity class that Orchestrator.Core defines, found by reflection rather than read from
/// <see cref="OrchestratorTasks"/>, so a class added to the core but not registered makes the wiring tests fail.
/// </summary>
internal static class SharedTasks
{
    private static readonly Type[] CoreTypes = typeof(OrchestratorTasks).Assembly.GetTypes();

    public static IReadOnlyList<string> OrchestratorNames { get; } = NamesDerivedFrom(typeof(TaskOrchestrator<,>));

    public static IReadOnlyList<string> ActivityNames { get; } = NamesDerivedFrom(typeof(TaskActivity<,>));

    private static List<string> NamesDerivedFrom(Type openGenericBase) => CoreTypes
        .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && DerivesFrom(t, openGenericBase))
        .Select(TaskName)
        .Order(StringComparer.Ordinal)
        .ToList();

    private static bool DerivesFrom(Type type, Type openGenericBase)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == openGenericBase)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The name the registry gives a class: its <see cref="DurableTaskAttribute"/> name, else the type name.</summary>
    private static string TaskName(Type type) =>
        type.GetCustomAttribute<DurableTaskAttribute>()?.Name.Name is { Length: > 0 } name ? name : type.Name;
}
