using System.Text.Json;

namespace Orchestrator.Credentials;

/// <summary>
/// Local-runner secret store: a JSON object of name/value pairs in a file readable only by its owner. It stands in
/// for Key Vault on a developer machine; the Functions app always uses Key Vault.
/// </summary>
public sealed class LocalFileSecretStore(string path) : ISecretStore, IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<string> GetSecretAsync(string name, string? version, CancellationToken cancellationToken)
    {
        var secrets = await this.ReadAsync(cancellationToken);
        return secrets.TryGetValue(name, out string? value)
            ? value
            : throw new SecretNotFoundException($"Secret '{name}' does not exist in the local secret store.");
    }

    public async Task<string> SetSecretAsync(string name, string value, CancellationToken cancellationToken)
    {
        await this.gate.WaitAsync(cancellationToken);
        try
        {
            var secrets = await this.ReadAsync(cancellationToken);
            secrets[name] = value;
            await this.WriteAsync(secrets, cancellationToken);
            return DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            this.gate.Release();
        }
    }

    public async Task DeleteSecretAsync(string name, CancellationToken cancellationToken)
    {
        await this.gate.WaitAsync(cancellationToken);
        try
        {
            var secrets = await this.ReadAsync(cancellationToken);
            if (secrets.Remove(name))
            {
                await this.WriteAsync(secrets, cancellationToken);
            }
        }
        finally
        {
            this.gate.Release();
        }
    }

    public void Dispose() => this.gate.Dispose();

    private async Task<Dictionary<string, string>> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<Dictionary<string, string>>(stream, cancellationToken: cancellationToken)
            ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    private async Task WriteAsync(Dictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temp = path + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temp, fileOptions))
        {
            await JsonSerializer.SerializeAsync(stream, secrets, cancellationToken: cancellationToken);
        }

        File.Move(temp, path, overwrite: true);
    }
}
