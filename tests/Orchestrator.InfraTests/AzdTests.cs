using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Orchestrator.InfraTests;

/// <summary>azure.yaml and infra/main.parameters.json let <c>azd up</c> provision infra/main.bicep and deploy the app.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class AzdTests(CompiledTemplate compiled)
{
    [Fact]
    public void AzureYaml_DeploysTheFunctionsProject_AsAFunctionApp()
    {
        var root = ReadAzureYaml();
        Assert.False(string.IsNullOrWhiteSpace(Scalar(root, "name")));

        var api = (YamlMappingNode)((YamlMappingNode)root["services"])["api"];
        Assert.Equal("dotnet", Scalar(api, "language"));
        Assert.Equal("function", Scalar(api, "host"));

        string project = Path.GetFullPath(Path.Combine(Bicep.RepositoryRoot, Scalar(api, "project")));
        Assert.Equal(Path.GetFullPath(Path.Combine(Bicep.RepositoryRoot, "src", "Orchestrator.Functions")), project.TrimEnd('/'));
        Assert.True(File.Exists(Path.Combine(project, "Orchestrator.Functions.csproj")));
    }

    [Fact]
    public void AzureYaml_ServiceName_IsTheAppsAzdServiceNameTag()
    {
        var services = (YamlMappingNode)ReadAzureYaml()["services"];

        var service = Assert.Single(services.Children);
        Assert.Equal((string)compiled.MainVariable("apiServiceName")!, ((YamlScalarNode)service.Key).Value);
    }

    [Fact]
    public void AzureYaml_InfraIsMainBicep()
    {
        var infra = (YamlMappingNode)ReadAzureYaml()["infra"];

        Assert.Equal("bicep", Scalar(infra, "provider"));
        Assert.Equal("main", Scalar(infra, "module"));
        Assert.Equal(compiled.MainBicepPath, Path.Combine(Bicep.RepositoryRoot, Scalar(infra, "path"), "main.bicep"));
    }

    [Fact]
    public void MainParameters_SupplyEveryRequiredParameter_AndNoUnknownOne()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(Bicep.InfraDirectory, "main.parameters.json")));
        var supplied = file.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet();
        var declared = compiled.Template["parameters"]!.AsObject();

        foreach (var (name, declaration) in declared)
        {
            if (!declaration!.AsObject().ContainsKey("defaultValue"))
            {
                Assert.True(supplied.Contains(name), $"main.parameters.json does not supply the required parameter {name}");
            }
        }

        Assert.All(supplied, name => Assert.True(declared.ContainsKey(name), $"main.parameters.json supplies {name}, which main.bicep does not declare"));
        Assert.Equal("${AZURE_ENV_NAME}", file.RootElement.GetProperty("parameters").GetProperty("environmentName").GetProperty("value").GetString());
        Assert.Equal("${AZURE_LOCATION}", file.RootElement.GetProperty("parameters").GetProperty("location").GetProperty("value").GetString());
    }

    [Theory]
    [InlineData("AZURE_LOCATION")]
    [InlineData("AZURE_TENANT_ID")]
    [InlineData("AZURE_RESOURCE_GROUP")]
    [InlineData("SERVICE_API_NAME")]
    [InlineData("SERVICE_API_URI")]
    [InlineData("AZURE_FUNCTION_NAME")]
    [InlineData("AZURE_FUNCTION_IDENTITY_CLIENT_ID")]
    [InlineData("AZURE_FUNCTION_IDENTITY_PRINCIPAL_ID")]
    [InlineData("AZURE_STORAGE_ACCOUNT_NAME")]
    [InlineData("AZURE_STORAGE_TABLE_ENDPOINT")]
    [InlineData("AZURE_KEY_VAULT_NAME")]
    [InlineData("AZURE_KEY_VAULT_ENDPOINT")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING")]
    [InlineData("DURABLE_TASK_HUB")]
    public void MainTemplate_Outputs(string name)
    {
        var outputs = compiled.Template["outputs"]!.AsObject();

        Assert.True(outputs.ContainsKey(name), $"main.bicep has no output {name}");
        Assert.Equal("string", (string)outputs[name]!["type"]!);
    }

    [Fact]
    public void MainTemplate_DoesNotOutputAzureClientId()
    {
        // azd puts outputs into the environment of local commands; DefaultAzureCredential there must not pick an
        // identity that exists only in Azure.
        Assert.False(compiled.Template["outputs"]!.AsObject().ContainsKey("AZURE_CLIENT_ID"));
    }

    private static YamlMappingNode ReadAzureYaml()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Bicep.RepositoryRoot, "azure.yaml")))
        {
            yaml.Load(reader);
        }

        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) =>
        ((YamlScalarNode)node[key]).Value ?? throw new InvalidDataException($"azure.yaml: {key} is empty");
}
