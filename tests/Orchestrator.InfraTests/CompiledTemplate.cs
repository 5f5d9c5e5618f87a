using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Orchestrator.InfraTests;

/// <summary>One resource of the compiled template, with the (nested) template that declares it.</summary>
internal sealed record TemplateResource(JsonObject Resource, JsonObject Template, string Module)
{
    public string Type => (string)this.Resource["type"]!;

    public JsonObject Properties => this.Resource["properties"]!.AsObject();

    /// <summary>A string value of the resource with <c>variables('x')</c> replaced by the declaring template's string variables.</summary>
    public string Resolve(string value) => CompiledTemplate.ResolveVariables(value, this.Template);
}

/// <summary><c>infra/main.bicep</c> compiled once for all tests: the Bicep CLI's result and the ARM template it printed.</summary>
public sealed partial class CompiledTemplate
{
    public CompiledTemplate()
    {
        this.MainBicepPath = Path.Combine(Bicep.InfraDirectory, "main.bicep");
        this.Build = Bicep.Build(this.MainBicepPath);
        if (this.Build.ExitCode == 0)
        {
            this.Main = JsonNode.Parse(this.Build.StandardOutput)!.AsObject();
        }
    }

    public string MainBicepPath { get; }

    internal BicepResult Build { get; }

    /// <summary>The compiled main template (null when the build failed; the build test reports why).</summary>
    internal JsonObject? Main { get; }

    internal JsonObject Template => this.Main ?? throw new InvalidOperationException(
        $"bicep build failed with exit code {this.Build.ExitCode}:{Environment.NewLine}{this.Build.StandardError}");

    /// <summary>Every resource, the nested deployments' (modules') resources included, existing references excluded.</summary>
    internal IReadOnlyList<TemplateResource> Resources => [.. Walk(this.Template, "main")];

    internal IReadOnlyList<TemplateResource> OfType(string type) =>
        [.. this.Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase))];

    internal TemplateResource Single(string type) => Assert.Single(this.OfType(type));

    /// <summary>The module (nested deployment) of main.bicep with this deployment name.</summary>
    internal JsonObject Module(string name) =>
        Assert.Single(Items(this.Template["resources"]!), r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == name);

    /// <summary>The expression main.bicep passes to a module parameter, e.g. <c>[parameters('nightlySchedule')]</c>.</summary>
    internal string ModuleArgument(string module, string parameter) =>
        (string)this.Module(module)["properties"]!["parameters"]![parameter]!["value"]!;

    /// <summary>A main.bicep variable's value.</summary>
    internal JsonNode? MainVariable(string name) => this.Template["variables"]?[name];

    /// <summary>A main.bicep parameter's declaration.</summary>
    internal JsonObject MainParameter(string name) => this.Template["parameters"]?[name]?.AsObject()
        ?? throw new KeyNotFoundException($"main.bicep has no parameter {name}.");

    /// <summary>
    /// The Function App's app settings: name → value as expression text (a literal value as <c>'text'</c>). Bicep
    /// compiles settings built from other resources' properties into <c>union(createObject(...), ...)</c>.
    /// </summary>
    internal IReadOnlyDictionary<string, string> AppSettings
    {
        get
        {
            var config = Assert.Single(this.OfType("Microsoft.Web/sites/config"), c => ((string)c.Resource["name"]!).Contains("'appsettings'", StringComparison.Ordinal));
            return config.Resource["properties"] switch
            {
                JsonObject literal => literal.ToDictionary(
                    p => p.Key,
                    p => (string)p.Value! is var v && ArmExpression.Body(v) is { } body ? body : ArmExpression.Literal(v)),
                JsonValue expression => ArmExpression.CreateObjectEntries(config.Resolve((string)expression!)).ToDictionary(),
                _ => throw new JsonException("appsettings has no properties."),
            };
        }
    }

    /// <summary>Replaces <c>variables('x')</c> by the template's string variable x (an expression variable by its body).</summary>
    internal static string ResolveVariables(string value, JsonObject template) =>
        VariableReference().Replace(value, m => template["variables"]?[m.Groups[1].Value] is JsonValue v && v.TryGetValue(out string? s)
            ? ArmExpression.Body(s) ?? s
            : m.Value);

    private static IEnumerable<TemplateResource> Walk(JsonObject template, string module)
    {
        foreach (var resource in Items(template["resources"]!))
        {
            if (resource["existing"] is JsonValue existing && existing.GetValue<bool>())
            {
                continue;
            }

            if ((string?)resource["type"] == "Microsoft.Resources/deployments")
            {
                foreach (var nested in Walk(resource["properties"]!["template"]!.AsObject(), (string)resource["name"]!))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return new TemplateResource(resource, template, module);
            }
        }
    }

    // languageVersion 2.0 templates (symbolic names) hold resources in an object; 1.0 in an array.
    private static IEnumerable<JsonObject> Items(JsonNode resources) => resources switch
    {
        JsonArray array => array.Select(r => r!.AsObject()),
        JsonObject symbolic => symbolic.Select(p => p.Value!.AsObject()),
        _ => throw new JsonException("resources is neither an array nor an object."),
    };

    [GeneratedRegex(@"variables\('([^']+)'\)")]
    private static partial Regex VariableReference();
}

[CollectionDefinition(Name)]
public sealed class CompiledTemplateCollection : ICollectionFixture<CompiledTemplate>
{
    public const string Name = "Compiled infra/main.bicep";
}
