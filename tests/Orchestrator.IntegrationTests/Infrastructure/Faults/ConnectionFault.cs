namespace Orchestrator.IntegrationTests.Infrastructure.Faults;

/// <summary>What the proxy does to one connection at the point a fault was armed for.</summary>
internal enum ConnectionFault
{
    None,

    /// <summary>Reset both sides (RST).</summary>
    Reset,

    /// <summary>Go silent: forward nothing more either way until the client gives up (or the stall cap passes).</summary>
    Stall,
}
