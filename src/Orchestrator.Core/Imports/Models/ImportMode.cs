namespace Orchestrator.Imports.Models;

/// <summary>
/// What an import run does with the listed users: <see cref="Upsert"/> merges their attributes (rows whose reserved
/// <c>_delete</c> column is true remove the user), <see cref="Delete"/> removes every listed user, <see cref="Mirror"/>
/// upserts and then removes the users of the same source (destination) the run's files no longer list.
/// </summary>
public enum ImportMode
{
    Upsert = 0,
    Delete = 1,
    Mirror = 2,
}
