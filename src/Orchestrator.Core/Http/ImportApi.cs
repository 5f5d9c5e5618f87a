using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Domain;
using Orchestrator.Imports;
using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Counts;
using Orchestrator.Imports.Models;
using Orchestrator.Options;

using Orchestrator.Security;

namespace Orchestrator.Http;

/// <summary>The import API shared by both hosts: start an import run, and read the attribute store back.</summary>
public static class ImportApi
{
    /// <summary>
    /// <c>POST /api/imports</c>: 202 with the run's view and status URI; the same request on the same UTC day returns the
    /// existing run; a destination the tenant does not have is a 404 that starts nothing.
    /// </summary>
    public static async Task<IResult> StartImportAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var services = request.HttpContext.RequestServices;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var import = Parse(body, services.GetRequiredService<IOptions<ImportOptions>>().Value.DefaultPrefix, errors);
        if (import is null)
        {
            return Problems.Validation(errors);
        }

        // The body names the tenant: a tenant caller may only name its own (another tenant's is a 404, like one that has nothing).
        if (!ApiGate.MayActOn(request.HttpContext, import.TenantId))
        {
            return ApiGate.NotFound(request);
        }

        var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var outcome = await services.GetRequiredService<ImportRunStarter>().StartAsync(client, import with { RunDate = today }, cancellationToken);
        return await RunViews.StartResponseAsync(request, client, outcome, import.TenantId, import.DestinationId, cancellationToken);
    }

    /// <summary><c>GET /api/tenants/{tenant}/users/{userId}/attributes</c>.</summary>
    public static async Task<IResult> GetUserAttributesAsync(HttpRequest request, string tenant, string userId, CancellationToken cancellationToken)
    {
        if ((DestinationApi.BadTenant(tenant) ?? RouteValues.BadUserId(userId)) is { } bad)
        {
            return bad;
        }

        var values = await request.HttpContext.RequestServices.GetRequiredService<IAttributeStore>().GetAsync(tenant, userId, cancellationToken);
        return values is null
            ? Problems.NotFound($"No attributes are stored for user '{userId}'.")
            : Results.Json(new { userId, attributes = values });
    }

    /// <summary>
    /// <c>GET /api/tenants/{tenant}/attributes/{name}/counts</c>: users per value (the basis for segments), from the
    /// tenant's counts snapshot (computed after each import, or on request): O(distinct values), never a scan of the
    /// users. <c>asOf</c> says when it was counted (null before the first count); at most <c>Import:MaxCountedValues</c>
    /// values are listed, the users of the others are summed in <c>otherUsers</c> and <c>capped</c> is true. <c>stale</c>
    /// is true while the tenant's attributes changed after the count (since <c>dirtySince</c>); a newer count is pending.
    /// </summary>
    public static async Task<IResult> CountByValueAsync(HttpRequest request, string tenant, string name, CancellationToken cancellationToken)
    {
        if (DestinationApi.BadTenant(tenant) is { } bad)
        {
            return bad;
        }

        if (AttributeNames.ToPropertyName(name) is not { } property)
        {
            return Problems.Validation(new() { ["name"] = ["must contain letters or digits"] });
        }

        var services = request.HttpContext.RequestServices;
        int maxValues = services.GetRequiredService<IOptions<ImportOptions>>().Value.MaxCountedValues;
        var snapshot = await services.GetRequiredService<IAttributeCountStore>().GetAsync(tenant, property, maxValues, cancellationToken);
        if (snapshot is null)
        {
            var state = await services.GetRequiredService<IAttributeCountStore>().GetStateAsync(tenant, cancellationToken);
            return Results.Json(new
            {
                attribute = property, asOf = (DateTime?)null, users = 0L, counts = new Dictionary<string, long>(), otherUsers = 0L, capped = false,
                stale = state.Stale, dirtySince = state.DirtySince,
            });
        }

        return Results.Json(new
        {
            attribute = property, asOf = snapshot.AsOf, users = snapshot.Users, counts = snapshot.Counts, otherUsers = snapshot.OtherUsers, capped = snapshot.Capped,
            stale = snapshot.Stale, dirtySince = snapshot.DirtySince,
        });
    }

    /// <summary>
    /// <c>POST /api/tenants/{tenant}/attributes/recount</c>: 202 with the id of the tenant's counts keeper, which makes a
    /// fresh count of the tenant's users per attribute value (one activity per shard); the counts route serves it once
    /// it is published. Requests while a count runs coalesce into at most one more count.
    /// </summary>
    public static async Task<IResult> RecountAsync(HttpRequest request, string tenant, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (DestinationApi.BadTenant(tenant) is { } bad)
        {
            return bad;
        }

        var outcome = await request.HttpContext.RequestServices.GetRequiredService<AttributeCountStarter>().RecountAsync(client, tenant, cancellationToken);
        return Results.Json(new { id = outcome.InstanceId, started = outcome.Started }, statusCode: StatusCodes.Status202Accepted);
    }

    internal static ImportRequest? Parse(JsonElement body, string defaultPrefix, Dictionary<string, string[]> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = ["must be a JSON object"];
            return null;
        }

        string? tenant = Text(body, "tenant", errors, required: true);
        string? destination = Text(body, "destinationId", errors, required: true);
        string? prefix = Text(body, "prefix", errors, required: false) ?? defaultPrefix;
        bool force = false;
        if (body.TryGetProperty("force", out var f) && f.ValueKind != JsonValueKind.Null)
        {
            if (f.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                force = f.GetBoolean();
            }
            else
            {
                errors["force"] = ["must be true or false"];
            }
        }

        var mode = ImportMode.Upsert;
        if (body.TryGetProperty("mode", out var m) && m.ValueKind != JsonValueKind.Null)
        {
            if (m.ValueKind == JsonValueKind.String && ImportModes.Parse(m.GetString()) is { } parsed)
            {
                mode = parsed;
            }
            else
            {
                errors["mode"] = ["must be " + ImportModes.Allowed];
            }
        }

        foreach (var property in body.EnumerateObject())
        {
            if (property.Name is not ("tenant" or "destinationId" or "prefix" or "force" or "mode"))
            {
                errors[property.Name] = ["is not a known field"];
            }
        }

        if (tenant is not null && !Identifiers.IsValidId(tenant))
        {
            errors["tenant"] = ["must be 1-64 letters, digits, '-' or '_', starting with a letter or digit"];
        }

        if (destination is not null && !Identifiers.IsValidId(destination))
        {
            errors["destinationId"] = ["must be 1-64 letters, digits, '-' or '_', starting with a letter or digit"];
        }

        if (!ImportNaming.TryFolder(prefix, out string? folder, out string? prefixError))
        {
            errors["prefix"] = [prefixError];
        }

        return errors.Count == 0
            ? new ImportRequest(tenant!, destination!, folder!, DateOnly.MinValue, force, mode)
            : null;
    }

    private static string? Text(JsonElement body, string name, Dictionary<string, string[]> errors, bool required)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors[name] = ["is required"];
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors[name] = [string.Create(CultureInfo.InvariantCulture, $"must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}")];
            return null;
        }

        return value.GetString();
    }
}
