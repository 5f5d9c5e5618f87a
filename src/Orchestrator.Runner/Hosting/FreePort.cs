using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Runner.Hosting;

/// <summary>Asks the kernel for a free loopback port (other processes may hold the usual ones).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
