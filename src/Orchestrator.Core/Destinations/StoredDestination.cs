using Orchestrator.Domain;

namespace Orchestrator.Destinations;

/// <summary>A destination with the ETag of its stored row (for If-Match concurrency).</summary>
public sealed record StoredDestination(Destination Destination, string ETag);
