using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Net;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Http;
using Orchestrator.Options;
using Orchestrator.Runner.Security;
using Orchestrator.Security;
using Orchestrator.WebConsole;

namespace Orchestrator.Runner.Hosting;

/// <summary>
/// Builds the local runner: the Durable Task sidecar (gRPC, over the chosen backend), the standard worker running
/// the shared tasks from <see cref="OrchestratorTasks"/>, a client, and the same HTTP routes as the Functions app.
/// </summary>
public static class RunnerHost
{
    /// <summary>How long stopping waits for work items already handed out (a part upload, a shard's count) to finish.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The gap between the backend seeing a work item released and the sidecar's dispatcher counting it done.</summary>
    private static readonly TimeSpan DispatcherSettle = TimeSpan.FromMilliseconds(300);

    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        var runner = builder.Configuration.GetSection(RunnerOptions.SectionName).Get<RunnerOptions>() ?? new RunnerOptions();
        Validator.ValidateObject(runner, new ValidationContext(runner), validateAllProperties: true);

        var issuer = ConfigureCallerAuthentication(builder, runner);
        string[]? allowedHosts = AllowedHosts.For(runner);

        int grpcPort = FreePort.Next();
        string grpcAddress = $"http://127.0.0.1:{grpcPort}";
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            if (!string.IsNullOrEmpty(runner.ApiUrl))
            {
                var api = new Uri(runner.ApiUrl);
                var address = api.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(api.Host);
                kestrel.Listen(address, api.Port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseProblemJsonForRejectedRequests();
                });
            }
        });

        // The worker's gRPC stream stays open until the host stops; don't wait the default 30 s for it to drain.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddOrchestratorCore(builder.Configuration);
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = 16 * 1024 * 1024);
        builder.Services.AddSingleton(sp => DurableBackendFactory.Create(
            runner,
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.ConnectionString,
            sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<DurableBackend>().Service);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<DurableBackend>().Client);
        builder.Services.AddHostedService<BackendInitializer>();
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(grpcAddress);
            worker.AddTasks(registry => registry.AddOrchestratorTasks());
        });
        builder.Services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(grpcAddress);
            client.RegisterDirectly();
        });
        if (issuer is not null)
        {
            builder.Services.AddSingleton<IHostedService>(sp => new LocalIssuerService(
                issuer, LocalIssuerFiles.StatePath(runner.LocalIssuerFolder, runner.ApiUrl!), runner.ApiUrl!, sp.GetRequiredService<ILogger<LocalIssuerService>>()));
        }

        configureServices?.Invoke(builder.Services);

        var app = builder.Build();

        // Shutdown order: drain, the worker, the hosted services (Kestrel among them), the sidecar's dispatchers, then
        // disposal. The sidecar stops its dispatchers from an ApplicationStopping callback of its own that crashes the
        // process (an unhandled TaskCanceledException on the thread pool) when a work item is still outstanding, e.g. a
        // tenant's counts keeper mid-turn after the import that started it ended. Ours must run before it: creating the
        // sidecar now registers its callback first, and callbacks run in reverse order of registration. Ours stops handing
        // out work, waits (bounded) for what was handed out while the worker still runs, then stops the worker (Kestrel
        // would otherwise wait for the worker's open gRPC stream until the shutdown timeout).
        _ = app.Services.GetRequiredService<TaskHubGrpcServer>();
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            if (app.Services.GetRequiredService<DurableBackend>().Service is TunedOrchestrationService backend)
            {
                var drain = Stopwatch.StartNew();
                if (!backend.DrainAsync(DrainTimeout).GetAwaiter().GetResult())
                {
                    RunnerLogs.DrainTimedOut(
                        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<TunedOrchestrationService>(),
                        drain.Elapsed.TotalSeconds, backend.OrchestrationsInFlight, backend.ActivitiesInFlight);
                }

                // The dispatchers count a work item as done just after the backend saw it released.
                Thread.Sleep(DispatcherSettle);
            }

            foreach (var worker in app.Services.GetServices<IHostedService>().OfType<DurableTaskWorker>())
            {
                worker.StopAsync(CancellationToken.None).Wait(TimeSpan.FromSeconds(5), CancellationToken.None);
            }
        });

        // The sidecar stops its dispatchers from its own ApplicationStopping callback and the host does not wait for
        // them: a dispatcher still fetching or finishing a work item when the host disposed the services logged an
        // ObjectDisposedException at exit. The host is stopped (not yet disposed) here: wait until the sidecar has
        // stopped the backend, its last step; bounded, because a work item whose worker is gone never finishes.
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            if (app.Services.GetRequiredService<DurableBackend>().Service is TunedOrchestrationService backend)
            {
                backend.Stopped.Wait(TimeSpan.FromSeconds(5), CancellationToken.None);
            }
        });
        // Unmatched routes and methods answer problem+json that says what was not found, like every other error.
        // The Functions app's catch-all function answers with the same UnmatchedRoute problem.
        app.UseStatusCodePages(context =>
            UnmatchedRoute.Problem(context.HttpContext.Request, context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));

        // Requests Kestrel rejects before any middleware (a %00 in the path, a malformed request line) get problem+json too.
        if (allowedHosts is not null)
        {
            app.UseAllowedHosts(allowedHosts);
        }

        var rejections = RejectedRequestObserver.Subscribe(app.Services.GetRequiredService<DiagnosticListener>());
        app.Lifetime.ApplicationStopped.Register(rejections.Dispose);
        app.MapGrpcService<TaskHubGrpcServer>();
        app.MapOrchestratorApi();
        app.MapWebConsole();
        if (issuer is not null)
        {
            app.MapDevSignIn(issuer);
        }

        return app;
    }

    /// <summary>
    /// The API's callers: the JWT bearer authentication of both hosts when the API is served. Without
    /// <c>Auth:Authority</c> (dev mode) the built-in local issuer is created (returned, served by a hosted service) and
    /// the API must stay on loopback; a non-loopback address needs an external authority.
    /// </summary>
    private static LocalIssuer? ConfigureCallerAuthentication(WebApplicationBuilder builder, RunnerOptions runner)
    {
        if (string.IsNullOrEmpty(runner.ApiUrl))
        {
            return null;
        }

        var api = new Uri(runner.ApiUrl);
        bool loopback = api.IsLoopback;
        LocalIssuer? issuer = null;
        if (string.IsNullOrEmpty(builder.Configuration[$"{AuthOptions.SectionName}:{nameof(AuthOptions.Authority)}"]))
        {
            if (!loopback)
            {
                throw new InvalidOperationException(
                    $"The API address {runner.ApiUrl} is not a loopback address: serving beyond this machine needs an external token issuer (set Auth:Authority and Auth:Audience, see docs/security.md). Without one, the runner serves on 127.0.0.1 only.");
            }

            issuer = LocalIssuer.Create();
            builder.Configuration.AddInMemoryCollection(issuer.Settings);

            // The web console signs in through the same authorization-code + PKCE path as with Entra ID, against the
            // runner's dev sign-in page in front of the local issuer (unless a console client is configured).
            if (string.IsNullOrEmpty(builder.Configuration[$"{ConsoleOptions.SectionName}:{nameof(ConsoleOptions.ClientId)}"]))
            {
                builder.Configuration.AddInMemoryCollection(DevSignInEndpoints.ConsoleSettings);
            }
        }

        builder.Services.AddOrchestratorAuthentication(builder.Configuration);
        return issuer;
    }
}
