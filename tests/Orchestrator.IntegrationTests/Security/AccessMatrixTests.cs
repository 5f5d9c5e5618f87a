using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Orchestrator.Functions.Functions;
using Orchestrator.Http;
using Orchestrator.Imports.Attributes;
using Orchestrator.IntegrationTests.Functions;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runner.Hosting;
using Xunit;
using static Orchestrator.IntegrationTests.Security.AccessMatrix;

namespace Orchestrator.IntegrationTests.Security;

/// <summary>
/// Every route x {no token, expired, forged, reader of A, admin of A, admin of B, operator} through each host's real
/// HTTP path (the runner over HTTP; the Functions app's function bodies with real requests): 401/403/404 problem+json
/// refusals or an opened door, as <see cref="AccessMatrix.Expected"/> says (docs/security.md shows the table).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class AccessMatrixTests(ServersFixture servers)
{
    [Fact]
    public async Task Runner_EveryRouteAndCaller_AnswersTheMatrix()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" });
        var (destination, runId) = await SetUpTenantAAsync(runner);
        string b = "tb" + Guid.NewGuid().ToString("N")[..8];
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        var failures = new List<string>();
        foreach (var request in Requests(runner.Tenant, destination, runId))
        {
            var route = ApiRoutes.All.Single(r => r.Name == request.Route);
            foreach (var caller in Enum.GetValues<Caller>())
            {
                using var message = new HttpRequestMessage(new HttpMethod(request.Method), "api/" + request.Path + (request.Query is null ? string.Empty : "?" + request.Query));
                if (request.Json is not null)
                {
                    message.Content = JsonContent.Create(request.Json, options: RunnerSession.WebJson);
                }

                if (Authorization(caller, runner.Tenant, b) is { } authorization)
                {
                    message.Headers.TryAddWithoutValidation("Authorization", authorization);
                }

                using var response = await http.SendAsync(message);
                string? problem = Check(
                    Expected(caller, route),
                    (int)response.StatusCode,
                    response.Content.Headers.ContentType?.MediaType,
                    response.Headers.WwwAuthenticate.ToString());
                if (problem is not null)
                {
                    failures.Add($"{request.Route} as {caller}: {problem}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Functions_EveryRouteAndCaller_AnswersTheMatrix()
    {
        await using var app = await FunctionsApp.StartAsync(servers);
        var (destination, runId) = await SetUpTenantAAsync(app.Runner);
        string a = app.Tenant;
        string b = "tb" + Guid.NewGuid().ToString("N")[..8];

        var failures = new List<string>();
        foreach (var request in Requests(a, destination, runId))
        {
            var route = ApiRoutes.All.Single(r => r.Name == request.Route);
            foreach (var caller in Enum.GetValues<Caller>())
            {
                var headers = new Dictionary<string, string> { ["Authorization"] = Authorization(caller, a, b) ?? string.Empty };
                var http = app.Request(request.Method, request.Path, request.Json, request.Query, headers);
                var response = await FunctionsApp.ExecuteAsync(http, Invoke(app, request.Route, http, a, destination, runId));
                string? problem = Check(Expected(caller, route), response.Status, response.ContentType, response.Headers.WWWAuthenticate.ToString());
                if (problem is not null)
                {
                    failures.Add($"{request.Route} as {caller}: {problem}: {response.Body}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Tenant A's destination and a finished export run of it.</summary>
    private async Task<(string Destination, string RunId)> SetUpTenantAAsync(RunnerSession runner)
    {
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "mx-" + Guid.NewGuid().ToString("N")[..12]);
        var run = await runner.RunExportAsync(runner.Request(destination));
        return (destination.DestinationId, run.InstanceId);
    }

    /// <summary>The function that serves <paramref name="route"/>, called as the Functions host calls it.</summary>
    private static Task<IResult> Invoke(FunctionsApp app, string route, HttpRequest request, string a, string destination, string runId)
    {
        var none = CancellationToken.None;
        var client = app.Client;
        return route switch
        {
            "StartExport" => StartExportFunction.RunAsync(request, client, none),
            "StartImport" => StartImportFunction.RunAsync(request, client, none),
            "GetRun" => GetRunFunction.RunAsync(request, runId, client, none),
            "PurgeRuns" => PurgeHistoryFunction.RunAsync(request, client, none),
            "GetNight" or "StartNight" => NightFunction.RunAsync(request, "not-a-day", client, none),
            "ListRuns" => RunsListFunction.RunAsync(request, a, none),
            "GetTenantRun" => GetTenantRunFunction.RunAsync(request, a, runId, client, none),
            "CancelRun" => RunsCancelFunction.RunAsync(request, a, runId, client, none),
            "RetryRun" => RunsRetryFunction.RunAsync(request, a, runId, client, none),
            "GetUserAttributes" => GetUserAttributesFunction.RunAsync(request, a, new string('u', UserKeys.MaxUserIdLength + 1), none),
            "CountAttributeValues" => CountAttributeValuesFunction.RunAsync(request, a, "plan", none),
            "RecountAttributeValues" => RecountAttributeValuesFunction.RunAsync(request, a, client, none),
            "ListDestinations" or "CreateDestination" => DestinationsFunction.RunAsync(request, a, none),
            "GetDestination" or "UpdateDestination" => DestinationFunction.RunAsync(request, a, destination, none),
            "DeleteDestination" => DeleteDestinationFunction.RunAsync(request, a, "not.valid", client, none),
            "ValidateDestination" => ValidateDestinationFunction.RunAsync(request, a, destination, client, none),
            "GetIamPolicy" => DestinationIamPolicyFunction.RunAsync(request, a, destination, none),
            "BackfillDestination" => BackfillDestinationFunction.RunAsync(request, a, destination, client, none),
            "RotateExternalId" => RotateExternalIdFunction.RunAsync(request, a, destination, none),
            "RetentionPreview" => RetentionPreviewFunction.RunAsync(request, a, destination, none),
            _ => throw new InvalidOperationException($"The matrix has no function for route {route}: add it."),
        };
    }
}
