using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Runner.Hosting;

/// <summary>
/// Finds a free loopback port (other processes may hold the usual ones). It prefers ports below the kernel's ephemeral
/// range: the kernel hands ports of that range to outgoing connections, and one of them can take the port between
/// this check and the server's bind ("address already in use"), which happened under load in the test suite.
/// </summary>
internal static class FreePort
{
    private const int Lowest = 20000;

    public static int Next()
    {
        int below = EphemeralRangeStart();
        for (int attempt = 0; attempt < 50 && below > Lowest; attempt++)
        {
            int port = Random.Shared.Next(Lowest, below);
            if (IsFree(port))
            {
                return port;
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux's default 32768 when it cannot be read).</summary>
    private static int EphemeralRangeStart()
    {
        const string RangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        try
        {
            string[] range = File.ReadAllText(RangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32768;
        }
    }
}
