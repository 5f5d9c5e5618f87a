using Orchestrator.Imports;

namespace Orchestrator.UnitTests.Imports;

/// <summary>The one rule for an import's folder, used by the HTTP API, the night and the options check.</summary>
public sealed class ImportFolderTests
{
    [Theory]
    [InlineData("attributes/", "attributes/")]
    [InlineData("attributes", "attributes/")]
    [InlineData("/incoming//users/", "incoming/users/")]
    [InlineData(" my files / attributes ", "my files/attributes/")]
    public void TryFolder_FolderAsTyped_NormalisedEndingInSlash(string prefix, string expected)
    {
        Assert.True(ImportNaming.TryFolder(prefix, out string? folder, out _));
        Assert.Equal(expected, folder);
    }

    [Theory]
    [InlineData("", "must name a folder, e.g. 'attributes/'")]
    [InlineData("//", "must name a folder, e.g. 'attributes/'")]
    [InlineData("a/../b", "must not contain '.' or '..' segments")]
    [InlineData("a\\b", "must not contain backslashes; use '/' to separate folders")]
    public void TryFolder_NoFolderOrUnsafeOne_FalseWithTheReason(string prefix, string reason)
    {
        Assert.False(ImportNaming.TryFolder(prefix, out _, out string? error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void Folder_UnsafePrefix_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => ImportNaming.Folder(".."));
        Assert.StartsWith("The import folder '..' must not contain", error.Message, StringComparison.Ordinal);
    }
}
