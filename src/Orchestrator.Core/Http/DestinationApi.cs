using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.Iam;
using Orchestrator.Operations;
using Orchestrator.Options;
using Orchestrator.Validation;
using Orchestrator.Validation.Models;
using Orchestrator.Validation.Orchestrations;

namespace Orchestrator.Http;

/// <summary>
/// The destination registry API under a tenant (both hosts map these). A tenant only ever sees its own partition:
/// another tenant's destination answers 404, never 403, so existence does not leak.
/// </summary>
public static class DestinationApi
{
    /// <summary>How long <c>validate</c> waits for the checks before answering 202 with a status URL instead.</summary>
    public static readonly TimeSpan ValidateWait = TimeSpan.FromSeconds(30);

    public static async Task<IResult> ListAsync(HttpRequest request, string tenant, CancellationToken ct)
    {
        if (BadTenant(tenant) is { } bad)
        {
            return bad;
        }

        var store = request.HttpContext.RequestServices.GetRequiredService<IDestinationStore>();
        var items = await store.ListAsync(tenant, ct);
        return Results.Json(new { destinations = items.Select(ToView) });
    }

    public static async Task<IResult> GetAsync(HttpRequest request, string tenant, string id, CancellationToken ct)
    {
        if (BadRoute(tenant, id) is { } bad)
        {
            return bad;
        }

        var stored = await request.HttpContext.RequestServices.GetRequiredService<IDestinationStore>().GetStoredAsync(tenant, id, ct);
        return stored is null ? NotFound(id) : WithETag(request, Results.Json(ToView(stored)), stored.ETag);
    }

    public static async Task<IResult> CreateAsync(HttpRequest request, string tenant, CancellationToken ct)
    {
        if (BadTenant(tenant) is { } bad)
        {
            return bad;
        }

        var (body, problem) = await JsonBody.ReadAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var draft = DestinationRequestParser.Parse(body, tenant, routeId: null, errors);
        if (draft is null)
        {
            return Problems.Validation(errors);
        }

        try
        {
            var created = await request.HttpContext.RequestServices.GetRequiredService<DestinationService>().CreateAsync(draft, ct);
            string location = $"{request.Scheme}://{request.Host}{request.PathBase}/api/tenants/{tenant}/destinations/{created.Destination.DestinationId}";
            return WithETag(request, Results.Created(location, ToView(created)), created.ETag);
        }
        catch (DestinationValidationException ex)
        {
            // Rules that depend on the configuration (role ARN accounts) are the service's, not the parser's.
            return Problems.Validation(new() { [ex.Field] = [ex.Message] });
        }
        catch (DestinationConflictException ex)
        {
            return Problems.Conflict(ex.Message, StatusCodes.Status409Conflict);
        }
    }

    public static async Task<IResult> UpdateAsync(HttpRequest request, string tenant, string id, CancellationToken ct)
    {
        if (BadRoute(tenant, id) is { } bad)
        {
            return bad;
        }

        string? ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(ifMatch))
        {
            return Problems.Conflict("Send the ETag of the destination you read in an If-Match header, so no one else's change is overwritten.", StatusCodes.Status428PreconditionRequired);
        }

        var (body, problem) = await JsonBody.ReadAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var draft = DestinationRequestParser.Parse(body, tenant, id, errors);
        if (draft is null)
        {
            return Problems.Validation(errors);
        }

        try
        {
            var updated = await request.HttpContext.RequestServices.GetRequiredService<DestinationService>().UpdateAsync(draft, ifMatch, ct);
            return updated is null ? NotFound(id) : WithETag(request, Results.Json(ToView(updated)), updated.ETag);
        }
        catch (DestinationValidationException ex)
        {
            return Problems.Validation(new() { [ex.Field] = [ex.Message] });
        }
        catch (DestinationConflictException ex)
        {
            return Problems.Conflict(ex.Message, StatusCodes.Status412PreconditionFailed);
        }
    }

    /// <summary>Deletes the destination and its secret, after cancelling the runs still going to it (<see cref="DestinationDeletion"/>).</summary>
    public static async Task<IResult> DeleteAsync(HttpRequest request, string tenant, string id, DurableTaskClient client, CancellationToken ct)
    {
        if (BadRoute(tenant, id) is { } bad)
        {
            return bad;
        }

        bool deleted = await request.HttpContext.RequestServices.GetRequiredService<DestinationDeletion>().DeleteAsync(client, tenant, id, ct);
        return deleted ? Results.NoContent() : NotFound(id);
    }

    public static async Task<IResult> RotateExternalIdAsync(HttpRequest request, string tenant, string id, CancellationToken ct)
    {
        if (BadRoute(tenant, id) is { } bad)
        {
            return bad;
        }

        try
        {
            var rotated = await request.HttpContext.RequestServices.GetRequiredService<DestinationService>().RotateExternalIdAsync(tenant, id, ct);
            return rotated is null ? NotFound(id) : WithETag(request, Results.Json(ToView(rotated)), rotated.ETag);
        }
        catch (InvalidOperationException ex)
        {
            return Problems.Validation(new() { ["authMethod"] = [ex.Message] });
        }
        catch (DestinationConflictException ex)
        {
            return Problems.Conflict(ex.Message, StatusCodes.Status412PreconditionFailed);
        }
    }

    public static async Task<IResult> IamPolicyAsync(HttpRequest request, string tenant, string id, CancellationToken ct)
    {
        if (BadRoute(tenant, id) is { } bad)
        {
            return bad;
        }

        var services = request.HttpContext.RequestServices;
        var destination = await services.GetRequiredService<IDestinationStore>().GetAsync(tenant, id, ct);
        if (destination is null)
        {
            return NotFound(id);
        }

        IamPolicyDocuments documents;
        try
        {
            documents = IamPolicyGenerator.Generate(destination, services.GetRequiredService<IOptions<StsOptions>>().Value.TrustedPrincipalArns);
        }
        catch (TrustPolicyUnavailableException ex)
        {
            // The service's configuration, not the caller's request, is incomplete: an operator must set the principal.
            return Results.Problem(
                ex.Message,
                statusCode: StatusCodes.Status500InternalServerError,
                title: "The service's AWS principal is not configured",
                extensions: new Dictionary<string, object?> { ["setting"] = TrustPolicyUnavailableException.Setting });
        }

        return Results.Json(new { permissionPolicy = documents.PermissionPolicy, trustPolicy = documents.TrustPolicy, externalId = destination.ExternalId });
    }

    /// <summary>Runs the connection test; answers with the report when it finishes within <see cref="ValidateWait"/>.</summary>
    public static async Task<IResult> ValidateAsync(HttpRequest request, string tenant, string id, DurableTaskClient client, CancellationToken ct)
    {
        if (BadRoute(tenant, id) is { } bad)
        {
            return bad;
        }

        if (await request.HttpContext.RequestServices.GetRequiredService<IDestinationStore>().GetAsync(tenant, id, ct) is null)
        {
            return NotFound(id);
        }

        string instanceId = ValidationNaming.InstanceId(tenant, id, Guid.NewGuid().ToString("N"));
        await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ValidateDestinationOrchestrator), new DestinationValidationRequest(tenant, id), new StartOrchestrationOptions(instanceId), ct);
        string statusUri = RunViews.StatusUri(request, instanceId);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(ValidateWait);
        try
        {
            var done = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, wait.Token);
            var report = done.ReadOutputAs<DestinationValidationReport>();
            return report is null ? Results.Json(RunViews.ToView(done, request), statusCode: StatusCodes.Status500InternalServerError) : Results.Json(report);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            request.HttpContext.Response.Headers.Location = statusUri;
            return Results.Json(new { id = instanceId, statusUri }, statusCode: StatusCodes.Status202Accepted);
        }
    }

    public static DestinationView ToView(StoredDestination stored)
    {
        var d = stored.Destination;
        return new DestinationView(
            d.DestinationId,
            d.AuthMethod == AuthMethod.AccessKey ? "accessKey" : "assumeRole",
            d.Bucket,
            d.Region,
            d.BucketPath,
            d.AccessKeyId,
            d.SecretName is not null,
            d.RoleArn,
            d.ExternalId,
            stored.ETag,
            d.Schedule,
            ObjectWriteSettings.EncryptionName(d.WriteSettings.Encryption),
            d.WriteSettings.KmsKeyId,
            d.WriteSettings.BucketKey,
            ObjectWriteSettings.AclName(d.WriteSettings.Acl),
            d.RetentionDays,
            d.Layout.Format is { } format ? Exports.Formats.ExportFormats.Name(format) : null,
            Exports.Formats.ExportFormats.CodecName(d.Layout.ParquetCodec),
            d.Layout.KeyTemplate ?? Exports.ExportKeyTemplate.Default,
            d.Layout.MaxFileMiB);
    }

    internal static IResult? BadTenant(string tenant) =>
        Identifiers.IsValidId(tenant) ? null : Problems.Validation(new() { ["tenant"] = ["must be 1-64 letters, digits, '-' or '_'"] });

    internal static IResult? BadRoute(string tenant, string id) =>
        BadTenant(tenant) ?? (Identifiers.IsValidId(id) ? null : Problems.Validation(new() { ["destinationId"] = ["must be 1-64 letters, digits, '-' or '_'"] }));

    internal static IResult NotFound(string id) => Problems.NotFound($"No destination '{id}' exists for this tenant.");

    private static IResult WithETag(HttpRequest request, IResult result, string etag)
    {
        request.HttpContext.Response.Headers.ETag = etag;
        return result;
    }
}
