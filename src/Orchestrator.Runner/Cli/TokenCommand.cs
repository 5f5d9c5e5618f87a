using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Orchestrator.Runner.Hosting;
using Orchestrator.Runner.Security;
using Orchestrator.Security;

namespace Orchestrator.Runner.Cli;

/// <summary>
/// <c>token</c>: prints a bearer token of the local issuer of a runner serving in dev mode (no <c>Auth:Authority</c>),
/// for curl and scripts. With Entra ID, get tokens from Entra ID instead (see docs/security.md).
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "Base address of the runner in dev mode.", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var tenant = new Option<string?>("--tenant") { Description = "The product tenant the token is bound to (required for reader and admin)." };
        var role = new Option<TokenRole>("--role") { Description = "reader (views), admin (changes and runs) or operator (every tenant, nights, purge).", DefaultValueFactory = _ => TokenRole.Admin };
        var lifetime = new Option<TimeSpan>("--lifetime") { Description = "How long the token is valid (hh:mm:ss).", DefaultValueFactory = _ => TimeSpan.FromHours(1) };
        var wait = new Option<int>("--wait-seconds") { Description = "How long to wait for a runner that is still starting.", DefaultValueFactory = _ => 30 };
        var command = new Command("token", "Print a bearer token from the local issuer of a runner serving in dev mode.") { server, tenant, role, lifetime, wait };
        command.SetAction(async (parse, ct) =>
        {
            var apiRole = parse.GetValue(role) switch
            {
                TokenRole.Reader => ApiRole.TenantReader,
                TokenRole.Operator => ApiRole.Operator,
                _ => ApiRole.TenantAdmin,
            };
            if (apiRole != ApiRole.Operator && string.IsNullOrEmpty(parse.GetValue(tenant)))
            {
                Console.Error.WriteLine("--tenant is required for the reader and admin roles.");
                return 2;
            }

            var minter = Minter(parse.GetValue(server)!);
            var deadline = DateTime.UtcNow.AddSeconds(parse.GetValue(wait));
            while (minter is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, ct);
                minter = Minter(parse.GetValue(server)!);
            }

            if (minter is null)
            {
                Console.Error.WriteLine($"No runner in dev mode serves {parse.GetValue(server)} (it saves its local issuer's state when it starts: run 'orchestrator serve' without Auth:Authority).");
                return 1;
            }

            Console.WriteLine(minter.Mint(apiRole, parse.GetValue(tenant), parse.GetValue(lifetime)));
            return 0;
        });
        return command;
    }

    /// <summary>The minter of the dev-mode runner serving <paramref name="server"/>, or null when there is none.</summary>
    public static LocalTokenMinter? Minter(string server)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        string path = LocalIssuerFiles.StatePath(configuration[$"{RunnerOptions.SectionName}:{nameof(RunnerOptions.LocalIssuerFolder)}"], server);
        if (!File.Exists(path))
        {
            return null;
        }

        var names = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        return LocalIssuer.MinterFromState(path, names);
    }

    /// <summary>The <c>--role</c> values.</summary>
    internal enum TokenRole
    {
        Reader,
        Admin,
        Operator,
    }
}
