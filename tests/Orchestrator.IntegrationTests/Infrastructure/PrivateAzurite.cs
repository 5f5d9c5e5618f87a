namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// An Azurite of one test, with its data on disk (AZURITE_PERSIST=1) in a private temp folder, so it can be
/// stopped and started again mid-run with its data and ports; stopped by PID (scripts/azurite-down.sh) at the end.
/// </summary>
public sealed class PrivateAzurite : IAsyncDisposable
{
    private static readonly Dictionary<string, string> Persist = new() { ["AZURITE_PERSIST"] = "1" };

    private PrivateAzurite(string folder) => this.Folder = folder;

    public string Folder { get; }

    public string ConnectionString { get; private set; } = string.Empty;

    public static async Task<PrivateAzurite> StartAsync()
    {
        var azurite = new PrivateAzurite(Path.Combine(Path.GetTempPath(), "orchestrator-azurite-" + Guid.NewGuid().ToString("N")[..12]));
        try
        {
            await azurite.UpAsync();
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops Azurite gracefully (it saves its data), stays down for <paramref name="downtime"/>, starts it on the same ports.</summary>
    public async Task RestartAsync(TimeSpan downtime)
    {
        string before = this.ConnectionString;
        await Repo.RunScriptAsync("azurite-down.sh", this.Folder);
        await Task.Delay(downtime);
        await this.UpAsync();
        if (this.ConnectionString != before)
        {
            throw new InvalidOperationException($"Azurite came back on other ports: {this.ConnectionString}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Repo.RunScriptAsync("azurite-down.sh", this.Folder);
        try
        {
            Directory.Delete(this.Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is in the temp directory.
        }
    }

    private async Task UpAsync()
    {
        await Repo.RunScriptAsync(Persist, "azurite-up.sh", this.Folder);
        this.ConnectionString = Repo.ReadEnvFile(Path.Combine(this.Folder, "env"))["AZURITE_CONNECTION_STRING"];
    }
}
