namespace Orchestrator.WebConsole;

/// <summary>One file of the console as shipped in the build: its bytes, media type and strong ETag (a hash of the bytes).</summary>
public sealed record ConsoleAsset(string Name, byte[] Content, string ContentType, string ETag);
