using Orchestrator.Domain;

namespace Orchestrator.Imports.Models;

/// <summary>
/// What an import carries into its next generation (ContinueAsNew after each page of <c>Import:FilesPerGeneration</c>
/// files), so its history stays bounded however many files the prefix holds: small state only, never file data.
/// </summary>
/// <param name="Number">The generation about to run (1 for the first continuation).</param>
/// <param name="StartAfter">Listing cursor: the last key the previous generations handled (S3 <c>StartAfter</c>).</param>
/// <param name="Totals">Counts of every file handled so far; the run's record and result are this plus the rest.</param>
/// <param name="FailedFiles">The first few failed files, named in the run's error.</param>
/// <param name="Mark">The run's mark on every row it stores (one for the whole run: the mirror sweep keeps rows carrying it).</param>
/// <param name="Destination">The destination read once by the first generation (names of secrets, never secrets).</param>
/// <param name="StartedAt">When the run's first generation started.</param>
public sealed record ImportGeneration(
    int Number,
    string StartAfter,
    ImportProgress Totals,
    IReadOnlyList<ImportFileFailure> FailedFiles,
    string Mark,
    Destination Destination,
    DateTimeOffset StartedAt);
