using Microsoft.AspNetCore.Http;

namespace Orchestrator.Http;

/// <summary>
/// The API's routes, declared once. The local runner maps every entry of <see cref="All"/>; the Functions app's
/// <c>[HttpTrigger]</c> attributes use the template constants (an attribute needs a constant) and call the same
/// handlers, and a test checks that both hosts serve exactly these routes, methods and access levels.
/// </summary>
public static class ApiRoutes
{
    /// <summary>The prefix every route is served under (the Functions host's default route prefix).</summary>
    public const string Prefix = "api";

    public const string Exports = "exports";
    public const string Imports = "imports";
    public const string Run = "runs/{instanceId}";
    public const string PurgeRuns = "runs/purge";
    public const string Night = "nights/{day}";
    public const string TenantRuns = "tenants/{tenant}/runs";
    public const string TenantRun = TenantRuns + "/{instanceId}";
    public const string CancelRun = TenantRun + "/cancel";
    public const string RetryRun = TenantRun + "/retry";
    public const string UserAttributes = "tenants/{tenant}/users/{userId}/attributes";
    public const string AttributeCounts = "tenants/{tenant}/attributes/{name}/counts";
    public const string Destinations = "tenants/{tenant}/destinations";
    public const string Destination = Destinations + "/{id}";
    public const string ValidateDestination = Destination + "/validate";
    public const string IamPolicy = Destination + "/iam-policy";
    public const string Backfill = Destination + "/backfill";
    public const string RotateExternalId = Destination + "/rotate-external-id";
    public const string RetentionPreview = Destination + "/retention-preview";

    /// <summary>
    /// Every other path below the prefix (the Functions app's catch-all, answered by <see cref="UnmatchedRoute"/>;
    /// literal and parameter routes take precedence over it). Not part of <see cref="All"/>.
    /// </summary>
    public const string Unmatched = "{*path}";

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("StartExport", HttpMethods.Post, Exports, ApiAccess.Function, ExportApi.StartExportAsync),
        new("StartImport", HttpMethods.Post, Imports, ApiAccess.Function, ImportApi.StartImportAsync),
        new("GetRun", HttpMethods.Get, Run, ApiAccess.Admin, RunsApi.GetRunAsync),
        new("PurgeRuns", HttpMethods.Post, PurgeRuns, ApiAccess.Admin, OperationsApi.PurgeHistoryAsync),
        new("GetNight", HttpMethods.Get, Night, ApiAccess.Admin, NightApi.GetAsync),
        new("StartNight", HttpMethods.Post, Night, ApiAccess.Admin, NightApi.StartAsync),
        new("ListRuns", HttpMethods.Get, TenantRuns, ApiAccess.Function, OperationsApi.ListRunsAsync),
        new("GetTenantRun", HttpMethods.Get, TenantRun, ApiAccess.Function, OperationsApi.GetRunDetailAsync),
        new("CancelRun", HttpMethods.Post, CancelRun, ApiAccess.Admin, OperationsApi.CancelRunAsync),
        new("RetryRun", HttpMethods.Post, RetryRun, ApiAccess.Function, OperationsApi.RetryRunAsync),
        new("GetUserAttributes", HttpMethods.Get, UserAttributes, ApiAccess.Function, ImportApi.GetUserAttributesAsync),
        new("CountAttributeValues", HttpMethods.Get, AttributeCounts, ApiAccess.Function, ImportApi.CountByValueAsync),
        new("ListDestinations", HttpMethods.Get, Destinations, ApiAccess.Function, DestinationApi.ListAsync),
        new("CreateDestination", HttpMethods.Post, Destinations, ApiAccess.Function, DestinationApi.CreateAsync),
        new("GetDestination", HttpMethods.Get, Destination, ApiAccess.Function, DestinationApi.GetAsync),
        new("UpdateDestination", HttpMethods.Put, Destination, ApiAccess.Function, DestinationApi.UpdateAsync),
        new("DeleteDestination", HttpMethods.Delete, Destination, ApiAccess.Admin, DestinationApi.DeleteAsync),
        new("ValidateDestination", HttpMethods.Post, ValidateDestination, ApiAccess.Function, DestinationApi.ValidateAsync),
        new("GetIamPolicy", HttpMethods.Get, IamPolicy, ApiAccess.Function, DestinationApi.IamPolicyAsync),
        new("BackfillDestination", HttpMethods.Post, Backfill, ApiAccess.Function, BackfillApi.StartAsync),
        new("RotateExternalId", HttpMethods.Post, RotateExternalId, ApiAccess.Function, DestinationApi.RotateExternalIdAsync),
        new("RetentionPreview", HttpMethods.Get, RetentionPreview, ApiAccess.Function, RetentionApi.PreviewAsync),
    ];
}
