using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orchestrator.IntegrationTests.Infrastructure.Faults;

/// <summary>What the proxy does with connections.</summary>
public enum ProxyMode
{
    /// <summary>Forward both ways.</summary>
    Pass,

    /// <summary>New connections are accepted and reset at once (RST, like a refused connection to the client).</summary>
    Refuse,

    /// <summary>New connections are accepted and held silently; open connections stop forwarding in both directions.</summary>
    Blackhole,
}

/// <summary>One HTTP/1.1 request seen on its way to the server.</summary>
/// <param name="At">When its header had been read.</param>
/// <param name="Connection">Proxy connection number.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Target">Request target (path and query, still URL-encoded).</param>
/// <param name="ContentLength">Body length, or -1 when not given.</param>
/// <param name="Range">The Range header, if any.</param>
public sealed record ProxiedRequest(DateTimeOffset At, int Connection, string Method, string Target, long ContentLength, string? Range)
{
    /// <summary>An S3 UploadPart (PUT ...?partNumber=N&amp;uploadId=...).</summary>
    public bool IsUploadPart => this.Method == "PUT" && this.Target.Contains("partNumber=", StringComparison.Ordinal);

    /// <summary>An S3 ranged GetObject.</summary>
    public bool IsRangedGet => this.Method == "GET" && this.Range is not null;

    /// <summary>The part number of an UploadPart, else 0.</summary>
    public int PartNumber
    {
        get
        {
            int at = this.Target.IndexOf("partNumber=", StringComparison.Ordinal);
            if (at < 0)
            {
                return 0;
            }

            int start = at + "partNumber=".Length;
            int end = start;
            while (end < this.Target.Length && char.IsAsciiDigit(this.Target[end]))
            {
                end++;
            }

            return int.Parse(this.Target.AsSpan(start, end - start), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}

/// <summary>
/// An in-process TCP proxy on 127.0.0.1:{free port} in front of one upstream server (radosgw), for fault injection
/// between the product's S3 client and a real S3 server: pass, refuse or blackhole connections, reset or stall a chosen
/// number of connections in the middle of a request body (uploads) or of a response (downloads), and delay every read.
/// It parses the HTTP/1.1 request framing on the way up (request line, Content-Length, Range) so tests can count
/// the requests that reached the server (e.g. UploadPart attempts), and counts every fault it injected.
/// </summary>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly DnsEndPoint upstream;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<ProxiedRequest> requests = new();
    private readonly ConcurrentDictionary<int, Socket> open = new();
    private readonly Task acceptLoop;
    private int connections;
    private int refused;
    private int blackholed;
    private int uploadResets;
    private int downloadResets;
    private int uploadResetBudget;
    private int downloadResetBudget;
    private long uploadResetAfter;
    private long downloadResetAfter;
    private int uploadStalls;
    private int downloadStalls;
    private int uploadStallBudget;
    private int downloadStallBudget;
    private long uploadStallAfter;
    private long downloadStallAfter;
    private long stallCapTicks = TimeSpan.FromSeconds(60).Ticks;
    private int stallsAbandoned;
    private int stallsHeldToCap;
    private long delayedReads;
    private int blackholeWindows;
    private volatile ProxyMode mode = ProxyMode.Pass;
    private long readDelayTicks;
    private Func<ProxiedRequest, bool>? blackholeMatch;
    private int blackholeCountdown;
    private TimeSpan blackholeDuration;
    private Task blackholeWindow = Task.CompletedTask;

    private TcpFaultProxy(DnsEndPoint upstream)
    {
        this.upstream = upstream;
        this.listener = new TcpListener(IPAddress.Loopback, 0);
        this.listener.Start(512);
        this.Url = new Uri($"http://127.0.0.1:{((IPEndPoint)this.listener.LocalEndpoint).Port}");
        this.acceptLoop = Task.Run(this.AcceptLoopAsync);
    }

    /// <summary>http://127.0.0.1:{port}: point S3:ServiceUrl here.</summary>
    public Uri Url { get; }

    public ProxyMode Mode
    {
        get => this.mode;
        set => this.mode = value;
    }

    /// <summary>Delay before forwarding each read, both ways (slow network). Zero: none.</summary>
    public TimeSpan ReadDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref this.readDelayTicks));
        set => Interlocked.Exchange(ref this.readDelayTicks, value.Ticks);
    }

    public int Connections => Volatile.Read(ref this.connections);

    public int Refused => Volatile.Read(ref this.refused);

    public int Blackholed => Volatile.Read(ref this.blackholed);

    public int UploadResets => Volatile.Read(ref this.uploadResets);

    public int DownloadResets => Volatile.Read(ref this.downloadResets);

    public long DelayedReads => Interlocked.Read(ref this.delayedReads);

    public int UploadStalls => Volatile.Read(ref this.uploadStalls);

    public int DownloadStalls => Volatile.Read(ref this.downloadStalls);

    /// <summary>Stalled connections the client closed (gave up on) while they were silent.</summary>
    public int StallsAbandoned => Volatile.Read(ref this.stallsAbandoned);

    /// <summary>Stalled connections still open when the stall cap passed (then reset by the proxy).</summary>
    public int StallsHeldToCap => Volatile.Read(ref this.stallsHeldToCap);

    /// <summary>How many times <see cref="BlackholeForAsync"/> cut the network.</summary>
    public int BlackholeWindows => Volatile.Read(ref this.blackholeWindows);

    /// <summary>Every fault injected so far: refused connections, blackhole windows, resets and stalls.</summary>
    public int FaultsInjected => this.Refused + this.BlackholeWindows + this.UploadResets + this.DownloadResets + this.UploadStalls + this.DownloadStalls;

    /// <summary>Every request seen so far, in order of arrival.</summary>
    public IReadOnlyList<ProxiedRequest> Requests => [.. this.requests];

    /// <summary>Starts a proxy in front of <paramref name="upstreamUrl"/> (http://host:port).</summary>
    public static TcpFaultProxy Start(string upstreamUrl)
    {
        var uri = new Uri(upstreamUrl);
        return new TcpFaultProxy(new DnsEndPoint(uri.Host, uri.Port));
    }

    /// <summary>Resets the next <paramref name="count"/> connections whose request body passes <paramref name="afterBodyBytes"/>.</summary>
    public void ResetUploadsMidBody(int count, long afterBodyBytes)
    {
        Interlocked.Exchange(ref this.uploadResetAfter, afterBodyBytes);
        Interlocked.Exchange(ref this.uploadResetBudget, count);
    }

    /// <summary>Resets the next <paramref name="count"/> connections whose GET response passes <paramref name="afterBytes"/>.</summary>
    public void ResetDownloadsMidResponse(int count, long afterBytes)
    {
        Interlocked.Exchange(ref this.downloadResetAfter, afterBytes);
        Interlocked.Exchange(ref this.downloadResetBudget, count);
    }

    /// <summary>
    /// Stalls the next <paramref name="count"/> connections whose request body passes <paramref name="afterBodyBytes"/>:
    /// half of that read is forwarded, then nothing more either way (a server that stopped reading mid-part). The
    /// connection stays silent until the client closes it, or until <paramref name="cap"/> passes and the proxy resets it.
    /// </summary>
    public void StallUploadsMidBody(int count, long afterBodyBytes, TimeSpan cap)
    {
        Interlocked.Exchange(ref this.stallCapTicks, cap.Ticks);
        Interlocked.Exchange(ref this.uploadStallAfter, afterBodyBytes);
        Interlocked.Exchange(ref this.uploadStallBudget, count);
    }

    /// <summary>
    /// Stalls the next <paramref name="count"/> connections whose GET response passes <paramref name="afterBytes"/>
    /// (a download that stops mid-body), silent until the client closes it or <paramref name="cap"/> passes.
    /// </summary>
    public void StallDownloadsMidResponse(int count, long afterBytes, TimeSpan cap)
    {
        Interlocked.Exchange(ref this.stallCapTicks, cap.Ticks);
        Interlocked.Exchange(ref this.downloadStallAfter, afterBytes);
        Interlocked.Exchange(ref this.downloadStallBudget, count);
    }

    /// <summary>
    /// Blackholes everything for <paramref name="duration"/> from the moment the <paramref name="nth"/> request matching
    /// <paramref name="match"/> has been read (that request is held too), so the outage lands inside the run for sure.
    /// </summary>
    public void BlackholeOnRequest(Func<ProxiedRequest, bool> match, int nth, TimeSpan duration)
    {
        this.blackholeDuration = duration;
        Volatile.Write(ref this.blackholeCountdown, nth);
        Volatile.Write(ref this.blackholeMatch, match);
    }

    /// <summary>
    /// Waits (at most a minute) until a blackhole armed by <see cref="BlackholeOnRequest"/> holds the network, so a
    /// scenario can change something at the server while the run's next requests are held.
    /// </summary>
    public async Task WaitUntilHeldAsync()
    {
        using var held = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (this.Mode != ProxyMode.Blackhole)
        {
            await Task.Delay(10, held.Token);
        }
    }

    /// <summary>Completes when the blackhole started by <see cref="BlackholeOnRequest"/> (if any) is over.</summary>
    public Task BlackholeWindowEnded => Volatile.Read(ref this.blackholeWindow);

    /// <summary>Blackholes everything for <paramref name="duration"/>, then passes again.</summary>
    public async Task BlackholeForAsync(TimeSpan duration)
    {
        Interlocked.Increment(ref this.blackholeWindows);
        this.Mode = ProxyMode.Blackhole;
        try
        {
            await Task.Delay(duration);
        }
        finally
        {
            this.Mode = ProxyMode.Pass;
        }
    }

    /// <summary>A one-line summary of what was injected, for assertion messages and the report.</summary>
    public override string ToString() =>
        $"connections={this.Connections} requests={this.requests.Count} refused={this.Refused} blackholeWindows={this.BlackholeWindows} blackholedConnections={this.Blackholed} " +
        $"uploadResets={this.UploadResets} downloadResets={this.DownloadResets} uploadStalls={this.UploadStalls} downloadStalls={this.DownloadStalls} " +
        $"stallsAbandoned={this.StallsAbandoned} stallsHeldToCap={this.StallsHeldToCap} delayedReads={this.DelayedReads}";

    public async ValueTask DisposeAsync()
    {
        await this.stopping.CancelAsync();
        this.listener.Stop();
        foreach (var socket in this.open.Values)
        {
            Reset(socket);
        }

        try
        {
            await this.acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        this.stopping.Dispose();
    }

    private void OnRequest(ProxiedRequest request)
    {
        if (Volatile.Read(ref this.blackholeMatch) is { } match && match(request) && Interlocked.Decrement(ref this.blackholeCountdown) == 0)
        {
            Volatile.Write(ref this.blackholeMatch, null);
            this.mode = ProxyMode.Blackhole; // at once, before this request is forwarded
            Volatile.Write(ref this.blackholeWindow, Task.Run(() => this.BlackholeForAsync(this.blackholeDuration)));
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!this.stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await this.listener.AcceptSocketAsync(this.stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            int id = Interlocked.Increment(ref this.connections);
            _ = Task.Run(() => this.HandleAsync(id, client));
        }
    }

    private async Task HandleAsync(int id, Socket client)
    {
        client.NoDelay = true;
        this.open[id * 2] = client;
        Socket? server = null;
        try
        {
            switch (this.mode)
            {
                case ProxyMode.Refuse:
                    Interlocked.Increment(ref this.refused);
                    return;
                case ProxyMode.Blackhole:
                    Interlocked.Increment(ref this.blackholed);
                    while (this.mode == ProxyMode.Blackhole && !this.stopping.IsCancellationRequested)
                    {
                        await Task.Delay(50);
                    }

                    return;
            }

            server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            this.open[(id * 2) + 1] = server;
            try
            {
                await server.ConnectAsync(this.upstream, this.stopping.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                return;
            }

            var connection = new ConnectionState(this, id);
            using var done = CancellationTokenSource.CreateLinkedTokenSource(this.stopping.Token);
            var up = this.PumpAsync(client, server, connection, upstream: true, done.Token);
            var down = this.PumpAsync(server, client, connection, upstream: false, done.Token);
            await Task.WhenAny(up, down);
            await done.CancelAsync();
            await Task.WhenAll(up, down);
        }
        finally
        {
            this.open.TryRemove(id * 2, out _);
            this.open.TryRemove((id * 2) + 1, out _);
            Reset(client);
            if (server is not null)
            {
                Reset(server);
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to, ConnectionState connection, bool upstream, CancellationToken ct)
    {
        byte[] buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None, ct);
                if (read == 0)
                {
                    return;
                }

                long delay = Interlocked.Read(ref this.readDelayTicks);
                if (delay > 0)
                {
                    Interlocked.Increment(ref this.delayedReads);
                    await Task.Delay(TimeSpan.FromTicks(delay), ct);
                }

                var fault = upstream ? connection.Up(buffer.AsSpan(0, read)) : connection.Down(read);
                while (this.mode == ProxyMode.Blackhole)
                {
                    await Task.Delay(50, ct);
                }

                if (fault != ConnectionFault.None)
                {
                    // Forward half of this read so the fault lands inside the body/response; a stall then goes silent
                    // (until the client gives up or the cap); either way both sides are reset.
                    await to.SendAsync(buffer.AsMemory(0, read / 2), SocketFlags.None, ct);
                    if (fault == ConnectionFault.Stall)
                    {
                        await this.StallAsync(from, upstream, buffer, ct);
                    }

                    Reset(from);
                    Reset(to);
                    return;
                }

                int sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, ct);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
        }
    }

    /// <summary>
    /// Holds a stalled connection silent. Going up, the client's further bytes are read and dropped (so its close is
    /// seen); going down, the server is no longer read and the client's close ends the other pump, which cancels
    /// <paramref name="ct"/>. Counts whether the client gave up or the cap passed first.
    /// </summary>
    private async Task StallAsync(Socket from, bool upstream, byte[] buffer, CancellationToken ct)
    {
        using var cap = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cap.CancelAfter(TimeSpan.FromTicks(Interlocked.Read(ref this.stallCapTicks)));
        try
        {
            if (upstream)
            {
                while (await from.ReceiveAsync(buffer, SocketFlags.None, cap.Token) > 0)
                {
                }
            }
            else
            {
                await Task.Delay(Timeout.Infinite, cap.Token);
            }

            Interlocked.Increment(ref this.stallsAbandoned);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            if (!upstream && !this.stopping.IsCancellationRequested)
            {
                Interlocked.Increment(ref this.stallsAbandoned); // the client closed: the other pump ended
            }
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref this.stallsHeldToCap);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Interlocked.Increment(ref this.stallsAbandoned); // the client reset the connection
        }
    }

    /// <summary>HTTP/1.1 request framing on one connection (enough for the S3 SDK: Content-Length bodies).</summary>
    private sealed class ConnectionState(TcpFaultProxy proxy, int id)
    {
        private readonly List<byte> header = [];
        private long bodyRemaining;
        private long bodySeen;
        private long responseBytes;
        private string method = string.Empty;
        private bool lost;

        /// <summary>Feeds bytes going to the server; says whether the connection is to be reset or stalled now.</summary>
        public ConnectionFault Up(ReadOnlySpan<byte> data)
        {
            var fault = ConnectionFault.None;
            while (data.Length > 0 && !this.lost)
            {
                if (this.bodyRemaining > 0)
                {
                    int take = (int)Math.Min(this.bodyRemaining, data.Length);
                    this.bodyRemaining -= take;
                    this.bodySeen += take;
                    data = data[take..];
                    long after = Interlocked.Read(ref proxy.uploadResetAfter);
                    long stallAfter = Interlocked.Read(ref proxy.uploadStallAfter);
                    if (fault == ConnectionFault.None && Crossed(this.bodySeen, take, after) && Claim(ref proxy.uploadResetBudget))
                    {
                        Interlocked.Increment(ref proxy.uploadResets);
                        fault = ConnectionFault.Reset;
                    }
                    else if (fault == ConnectionFault.None && Crossed(this.bodySeen, take, stallAfter) && Claim(ref proxy.uploadStallBudget))
                    {
                        Interlocked.Increment(ref proxy.uploadStalls);
                        fault = ConnectionFault.Stall;
                    }

                    continue;
                }

                this.header.Add(data[0]);
                data = data[1..];
                int n = this.header.Count;
                if (n >= 4 && this.header[n - 4] == '\r' && this.header[n - 3] == '\n' && this.header[n - 2] == '\r' && this.header[n - 1] == '\n')
                {
                    this.OnHeader(Encoding.Latin1.GetString([.. this.header]));
                    this.header.Clear();
                }
                else if (n > 64 * 1024)
                {
                    this.lost = true; // not HTTP as we know it: stop parsing, keep forwarding
                }
            }

            return fault;
        }

        /// <summary>Counts bytes going to the client; says whether the connection is to be reset or stalled now.</summary>
        public ConnectionFault Down(int count)
        {
            long seen = Interlocked.Add(ref this.responseBytes, count);
            if (Volatile.Read(ref this.method) != "GET")
            {
                return ConnectionFault.None;
            }

            if (Crossed(seen, count, Interlocked.Read(ref proxy.downloadResetAfter)) && Claim(ref proxy.downloadResetBudget))
            {
                Interlocked.Increment(ref proxy.downloadResets);
                return ConnectionFault.Reset;
            }

            if (Crossed(seen, count, Interlocked.Read(ref proxy.downloadStallAfter)) && Claim(ref proxy.downloadStallBudget))
            {
                Interlocked.Increment(ref proxy.downloadStalls);
                return ConnectionFault.Stall;
            }

            return ConnectionFault.None;
        }

        /// <summary>Whether the last <paramref name="count"/> bytes took the running total to <paramref name="threshold"/> or past it.</summary>
        private static bool Crossed(long total, long count, long threshold) => total >= threshold && total - count < threshold;

        private static bool Claim(ref int budget)
        {
            while (true)
            {
                int current = Volatile.Read(ref budget);
                if (current <= 0)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref budget, current - 1, current) == current)
                {
                    return true;
                }
            }
        }

        private void OnHeader(string text)
        {
            string[] lines = text.Split("\r\n");
            string[] requestLine = lines[0].Split(' ');
            long length = -1;
            string? range = null;
            bool chunked = false;
            foreach (string line in lines.Skip(1))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    continue;
                }

                string name = line[..colon].Trim();
                string value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    length = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (name.Equals("Range", StringComparison.OrdinalIgnoreCase))
                {
                    range = value;
                }
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
                {
                    chunked = true;
                }
            }

            Volatile.Write(ref this.method, requestLine[0]);
            Interlocked.Exchange(ref this.responseBytes, 0);
            var request = new ProxiedRequest(DateTimeOffset.UtcNow, id, requestLine[0], requestLine.Length > 1 ? requestLine[1] : string.Empty, length, range);
            proxy.requests.Enqueue(request);
            proxy.OnRequest(request);
            this.bodyRemaining = Math.Max(0, length);
            this.bodySeen = 0;
            this.lost = chunked && length < 0;
        }
    }
}
