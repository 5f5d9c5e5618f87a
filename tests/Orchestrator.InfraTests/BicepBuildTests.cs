using System.Text.Json;

namespace Orchestrator.InfraTests;

/// <summary>
/// <c>bicep build infra/main.bicep</c> must succeed with no diagnostic at all: errors fail the build, and so do linter
/// findings, which infra/bicepconfig.json raises to errors (any other warning would still show on stderr and fail here).
/// </summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class BicepBuildTests(CompiledTemplate compiled)
{
    private const string UnusedParameterBicep = "param unusedSetting string = 'x'\n";

    [Fact]
    public void BicepCli_Runs()
    {
        var result = Bicep.Run("--version");

        Assert.True(result.ExitCode == 0, $"bicep --version exited with {result.ExitCode}: {result.StandardError}");
        Assert.StartsWith("Bicep CLI version ", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void MainBicep_Builds_WithNoErrorsAndNoWarnings()
    {
        Assert.True(compiled.Build.ExitCode == 0, $"bicep build exited with {compiled.Build.ExitCode}:{Environment.NewLine}{compiled.Build.StandardError}");
        Assert.True(compiled.Build.StandardError.Trim().Length == 0, $"bicep build reported diagnostics:{Environment.NewLine}{compiled.Build.StandardError}");
        Assert.Contains("subscriptionDeploymentTemplate.json", (string)compiled.Template["$schema"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Modules_AreLocalFiles_SoTheBuildNeedsNoRegistry()
    {
        foreach (string file in Directory.EnumerateFiles(Bicep.InfraDirectory, "*.bicep", SearchOption.AllDirectories))
        {
            string text = File.ReadAllText(file);
            Assert.DoesNotContain("'br/", text, StringComparison.Ordinal);
            Assert.DoesNotContain("'br:", text, StringComparison.Ordinal);
            Assert.DoesNotContain("'ts/", text, StringComparison.Ordinal);
            Assert.DoesNotContain("'ts:", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LinterFinding_FailsTheBuild_UnderTheInfraConfig()
    {
        string directory = Directory.CreateTempSubdirectory("infratests-lint-").FullName;
        try
        {
            File.Copy(Path.Combine(Bicep.InfraDirectory, "bicepconfig.json"), Path.Combine(directory, "bicepconfig.json"));
            string file = Path.Combine(directory, "unused.bicep");
            File.WriteAllText(file, UnusedParameterBicep);

            var result = Bicep.Build(file);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("Error no-unused-params", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void LinterFinding_IsOnlyAWarning_WithoutTheInfraConfig()
    {
        // The control for the test above: the same file with Bicep's default configuration builds, with a warning.
        string directory = Directory.CreateTempSubdirectory("infratests-lint-default-").FullName;
        try
        {
            string file = Path.Combine(directory, "unused.bicep");
            File.WriteAllText(file, UnusedParameterBicep);

            var result = Bicep.Build(file);

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Warning no-unused-params", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void BicepConfig_RaisesTheLinterRulesToErrors()
    {
        using var config = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(Bicep.InfraDirectory, "bicepconfig.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var core = config.RootElement.GetProperty("analyzers").GetProperty("core");
        Assert.True(core.GetProperty("enabled").GetBoolean());

        var levels = core.GetProperty("rules").EnumerateObject().ToDictionary(r => r.Name, r => r.Value.GetProperty("level").GetString());
        string[] off = ["use-recent-api-versions", "use-recent-module-versions"];
        foreach (var (rule, level) in levels)
        {
            Assert.True(level == (off.Contains(rule) ? "off" : "error"), $"{rule} is '{level}'");
        }

        foreach (string rule in (string[])["no-unused-params", "no-unused-vars", "no-hardcoded-env-urls", "outputs-should-not-contain-secrets",
            "secure-secrets-in-params", "use-resource-symbol-reference", "what-if-short-circuiting"])
        {
            Assert.Equal("error", levels.GetValueOrDefault(rule));
        }
    }
}
