namespace Orchestrator.InfraTests;

/// <summary>The app's identity gets exactly the data-plane roles it uses, each on the one resource it uses it on.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class RoleAssignmentTests(CompiledTemplate compiled)
{
    /// <summary>Built-in role definition id → the resource type of the scope it is assigned on.</summary>
    public static TheoryData<string, string, string> ExpectedRoles => new()
    {
        { "Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts" },
        { "Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts" },
        { "Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts" },
        { "Key Vault Secrets Officer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7", "Microsoft.KeyVault/vaults" },
        { "Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components" },
    };

    private IReadOnlyList<TemplateResource> Assignments => compiled.OfType("Microsoft.Authorization/roleAssignments");

    [Theory]
    [MemberData(nameof(ExpectedRoles))]
    public void Identity_HasRole_OnItsResource(string role, string roleDefinitionId, string scopeType)
    {
        var assignment = Assert.Single(this.Assignments, a => a.Resolve((string)a.Properties["roleDefinitionId"]!).Contains(roleDefinitionId, StringComparison.Ordinal));

        Assert.True(((string)assignment.Resource["scope"]!).Contains($"'{scopeType}'", StringComparison.Ordinal), $"{role} must be scoped to {scopeType}");
        Assert.Contains("'Microsoft.Authorization/roleDefinitions'", (string)assignment.Properties["roleDefinitionId"]!, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", (string)assignment.Properties["principalId"]!, StringComparison.Ordinal);
        Assert.EndsWith(".principalId]", (string)assignment.Properties["principalId"]!, StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", (string)assignment.Properties["principalType"]!);
    }

    [Fact]
    public void Identity_HasNoOtherRoles()
    {
        var expected = ExpectedRoles.Select(row => (string)row[1]).ToHashSet();

        Assert.Equal(expected.Count, this.Assignments.Count);
        Assert.All(this.Assignments, a => Assert.Contains(expected, id => a.Resolve((string)a.Properties["roleDefinitionId"]!).Contains(id, StringComparison.Ordinal)));
    }

    [Fact]
    public void RoleDefinitionIds_AreNamedVariables()
    {
        Assert.All(this.Assignments, a =>
        {
            string roleDefinitionId = (string)a.Properties["roleDefinitionId"]!;
            Assert.Matches(@"variables\('[A-Za-z]+RoleId'\)", roleDefinitionId);
        });
    }
}
