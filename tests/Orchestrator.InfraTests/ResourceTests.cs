namespace Orchestrator.InfraTests;

/// <summary>The compiled template declares the resources the app runs on, configured as the issue asks.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class ResourceTests(CompiledTemplate compiled)
{
    private const string IdentityType = "Microsoft.ManagedIdentity/userAssignedIdentities";

    [Fact]
    public void Template_DeclaresEachResourceTheAppNeeds()
    {
        var types = compiled.Resources.Select(r => r.Type).ToList();

        foreach (string type in (string[])[
            "Microsoft.Resources/resourceGroups",
            IdentityType,
            "Microsoft.Storage/storageAccounts",
            "Microsoft.KeyVault/vaults",
            "Microsoft.OperationalInsights/workspaces",
            "Microsoft.Insights/components",
            "Microsoft.Web/serverfarms",
            "Microsoft.Web/sites",
            "Microsoft.Web/sites/config",
        ])
        {
            Assert.Single(types, t => t == type);
        }
    }

    [Fact]
    public void FunctionApp_RunsAsTheUserAssignedIdentityOnly()
    {
        var site = compiled.Single("Microsoft.Web/sites");
        var identity = site.Resource["identity"]!;

        Assert.Equal("UserAssigned", (string)identity["type"]!);
        var assigned = Assert.Single(identity["userAssignedIdentities"]!.AsObject());
        Assert.Contains(IdentityType, assigned.Key, StringComparison.Ordinal);
        Assert.Contains(IdentityType, (string)site.Properties["keyVaultReferenceIdentity"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionApp_IsFlexConsumption_DotnetIsolated10()
    {
        var site = compiled.Single("Microsoft.Web/sites");
        var plan = compiled.Single("Microsoft.Web/serverfarms");

        Assert.Equal("functionapp,linux", (string)site.Resource["kind"]!);
        Assert.Equal("FC1", (string)plan.Resource["sku"]!["name"]!);
        Assert.Equal("FlexConsumption", (string)plan.Resource["sku"]!["tier"]!);
        Assert.True((bool)plan.Properties["reserved"]!);
        Assert.True((bool)site.Properties["httpsOnly"]!);

        var config = site.Properties["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string)config["runtime"]!["name"]!);
        Assert.Equal("10.0", (string)config["runtime"]!["version"]!);

        // The app package is pulled from blob storage with the identity, not with a key.
        var deployment = config["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", (string)deployment["type"]!);
        Assert.Equal("UserAssignedIdentity", (string)deployment["authentication"]!["type"]!);
        Assert.Contains(IdentityType, (string)deployment["authentication"]!["userAssignedIdentityResourceId"]!, StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.blob", (string)deployment["value"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void StorageAccount_AllowsIdentityBasedAccessOnly()
    {
        var storage = compiled.Single("Microsoft.Storage/storageAccounts").Properties;

        Assert.False((bool)storage["allowSharedKeyAccess"]!);
        Assert.True((bool)storage["defaultToOAuthAuthentication"]!);
        Assert.False((bool)storage["allowBlobPublicAccess"]!);
        Assert.Equal("TLS1_2", (string)storage["minimumTlsVersion"]!);
        Assert.True((bool)storage["supportsHttpsTrafficOnly"]!);
    }

    [Fact]
    public void StorageAccount_HasTheReportsAndDeploymentContainers()
    {
        var containers = compiled.OfType("Microsoft.Storage/storageAccounts/blobServices/containers")
            .Select(c => (string)c.Resource["name"]!).ToList();

        Assert.Contains(containers, n => n.Contains("parameters('reportsContainerName')", StringComparison.Ordinal));
        Assert.Contains(containers, n => n.Contains("parameters('deploymentContainerName')", StringComparison.Ordinal));
        Assert.Equal("[variables('reportsContainerName')]", compiled.ModuleArgument("storage", "reportsContainerName"));
        Assert.Equal("reports", (string)compiled.MainVariable("reportsContainerName")!);
        Assert.All(compiled.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => Assert.Equal("None", (string)c.Properties["publicAccess"]!));
    }

    [Fact]
    public void KeyVault_UsesRbac_SoftDelete_AndAPurgeProtectionParameter()
    {
        var vault = compiled.Single("Microsoft.KeyVault/vaults").Properties;

        Assert.True((bool)vault["enableRbacAuthorization"]!);
        Assert.False(vault.ContainsKey("accessPolicies"), "RBAC authorization only: no access policies");
        Assert.True((bool)vault["enableSoftDelete"]!);
        Assert.Contains("parameters('enablePurgeProtection')", (string)vault["enablePurgeProtection"]!, StringComparison.Ordinal);
        Assert.Equal("[parameters('keyVaultPurgeProtection')]", compiled.ModuleArgument("keyVault", "enablePurgeProtection"));

        var parameter = compiled.MainParameter("keyVaultPurgeProtection");
        Assert.Equal("bool", (string)parameter["type"]!);
        Assert.True((bool)parameter["defaultValue"]!);
    }

    [Fact]
    public void ApplicationInsights_IsWorkspaceBased_WithLocalAuthDisabled()
    {
        var insights = compiled.Single("Microsoft.Insights/components").Properties;

        Assert.True((bool)insights["DisableLocalAuth"]!);
        Assert.Contains("Microsoft.OperationalInsights/workspaces", (string)insights["WorkspaceResourceId"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_HoldsNoKeysOrConnectionStringsOfStorage()
    {
        string text = compiled.Template.ToJsonString();

        Assert.DoesNotContain("listKeys", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listConnectionStrings", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void FunctionApp_IsTaggedForAzd()
    {
        var site = compiled.Single("Microsoft.Web/sites");
        string tags = (string)site.Resource["tags"]!;

        Assert.Contains("createObject('azd-service-name', parameters('serviceName'))", tags, StringComparison.Ordinal);
        Assert.Equal("[variables('apiServiceName')]", compiled.ModuleArgument("api", "serviceName"));
        Assert.Equal("api", (string)compiled.MainVariable("apiServiceName")!);
        Assert.Contains("azd-env-name", compiled.MainVariable("tags")!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void FunctionApp_IsDeployedAfterItsRoleAssignments()
    {
        var dependsOn = compiled.Module("api")["dependsOn"]!.AsArray().Select(d => (string)d!).ToList();

        Assert.Contains(dependsOn, d => d.EndsWith("'Microsoft.Resources/deployments', 'rbac')]", StringComparison.Ordinal));
    }
}
