using Microsoft.AspNetCore.Http;
using Orchestrator.Security;

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
    public const string AttributeRecount = "tenants/{tenant}/attributes/recount";
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

    /// <summary>
    /// Every route. Roles: GET views need <see cref="ApiRole.TenantReader"/>; changing a destination, starting,
    /// cancelling or retrying runs and backfills <see cref="ApiRole.TenantAdmin"/>; tenant-less routes (a run by id,
    /// purge, nights) <see cref="ApiRole.Operator"/>. docs/security.md shows the table.
    /// </summary>
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("StartExport", HttpMethods.Post, Exports, ApiAccess.Function, ApiRole.TenantAdmin, ExportApi.StartExportAsync),
        new("StartImport", HttpMethods.Post, Imports, ApiAccess.Function, ApiRole.TenantAdmin, ImportApi.StartImportAsync),
        new("GetRun", HttpMethods.Get, Run, ApiAccess.Admin, ApiRole.Operator, RunsApi.GetRunAsync),
        new("PurgeRuns", HttpMethods.Post, PurgeRuns, ApiAccess.Admin, ApiRole.Operator, OperationsApi.PurgeHistoryAsync),
        new("GetNight", HttpMethods.Get, Night, ApiAccess.Admin, ApiRole.Operator, NightApi.GetAsync),
        new("StartNight", HttpMethods.Post, Night, ApiAccess.Admin, ApiRole.Operator, NightApi.StartAsync),
        new("ListRuns", HttpMethods.Get, TenantRuns, ApiAccess.Function, ApiRole.TenantReader, OperationsApi.ListRunsAsync),
        new("GetTenantRun", HttpMethods.Get, TenantRun, ApiAccess.Function, ApiRole.TenantReader, OperationsApi.GetRunDetailAsync),
        new("CancelRun", HttpMethods.Post, CancelRun, ApiAccess.Admin, ApiRole.TenantAdmin, OperationsApi.CancelRunAsync),
        new("RetryRun", HttpMethods.Post, RetryRun, ApiAccess.Function, ApiRole.TenantAdmin, OperationsApi.RetryRunAsync),
        new("GetUserAttributes", HttpMethods.Get, UserAttributes, ApiAccess.Function, ApiRole.TenantReader, ImportApi.GetUserAttributesAsync),
        new("CountAttributeValues", HttpMethods.Get, AttributeCounts, ApiAccess.Function, ApiRole.TenantReader, ImportApi.CountByValueAsync),
        new("RecountAttributeValues", HttpMethods.Post, AttributeRecount, ApiAccess.Function, ApiRole.TenantAdmin, ImportApi.RecountAsync),
        new("ListDestinations", HttpMethods.Get, Destinations, ApiAccess.Function, ApiRole.TenantReader, DestinationApi.ListAsync),
        new("CreateDestination", HttpMethods.Post, Destinations, ApiAccess.Function, ApiRole.TenantAdmin, DestinationApi.CreateAsync),
        new("GetDestination", HttpMethods.Get, Destination, ApiAccess.Function, ApiRole.TenantReader, DestinationApi.GetAsync),
        new("UpdateDestination", HttpMethods.Put, Destination, ApiAccess.Function, ApiRole.TenantAdmin, DestinationApi.UpdateAsync),
        new("DeleteDestination", HttpMethods.Delete, Destination, ApiAccess.Admin, ApiRole.TenantAdmin, DestinationApi.DeleteAsync),
        new("ValidateDestination", HttpMethods.Post, ValidateDestination, ApiAccess.Function, ApiRole.TenantAdmin, DestinationApi.ValidateAsync),
        new("GetIamPolicy", HttpMethods.Get, IamPolicy, ApiAccess.Function, ApiRole.TenantReader, DestinationApi.IamPolicyAsync),
        new("BackfillDestination", HttpMethods.Post, Backfill, ApiAccess.Function, ApiRole.TenantAdmin, BackfillApi.StartAsync),
        new("RotateExternalId", HttpMethods.Post, RotateExternalId, ApiAccess.Function, ApiRole.TenantAdmin, DestinationApi.RotateExternalIdAsync),
        new("RetentionPreview", HttpMethods.Get, RetentionPreview, ApiAccess.Function, ApiRole.TenantReader, RetentionApi.PreviewAsync),
    ];

    /// <summary>The route of <see cref="All"/> with <paramref name="method"/> and <paramref name="template"/>, or null.</summary>
    public static ApiRoute? Find(string method, string template) =>
        All.FirstOrDefault(r => HttpMethods.Equals(r.Method, method) && string.Equals(r.Template, template, StringComparison.Ordinal));
}
