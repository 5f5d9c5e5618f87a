using System.Text.Json;
using Orchestrator.Http;
using Orchestrator.Imports.Models;

namespace Orchestrator.UnitTests.Http;

/// <summary>The import request's <c>mode</c>: upsert by default, delete or mirror when named, anything else an error naming <c>mode</c>.</summary>
public sealed class ImportRequestParseTests
{
    [Theory]
    [InlineData("", ImportMode.Upsert)]
    [InlineData(""","mode":null""", ImportMode.Upsert)]
    [InlineData(""","mode":"upsert" """, ImportMode.Upsert)]
    [InlineData(""","mode":"delete" """, ImportMode.Delete)]
    [InlineData(""","mode":"MIRROR" """, ImportMode.Mirror)]
    public void Parse_Mode_NamedOrDefault(string mode, ImportMode expected)
    {
        var errors = new Dictionary<string, string[]>();
        using var body = JsonDocument.Parse($$"""{"tenant":"t1","destinationId":"d1"{{mode}}}""");

        var request = ImportApi.Parse(body.RootElement, "attributes/", errors);

        Assert.Empty(errors);
        Assert.Equal(expected, request!.Mode);
    }

    [Theory]
    [InlineData("\"purge\"")]
    [InlineData("1")]
    [InlineData("true")]
    public void Parse_UnknownMode_ErrorNamesMode(string mode)
    {
        var errors = new Dictionary<string, string[]>();
        using var body = JsonDocument.Parse($$"""{"tenant":"t1","destinationId":"d1","mode":{{mode}}}""");

        Assert.Null(ImportApi.Parse(body.RootElement, "attributes/", errors));
        Assert.Equal(["must be upsert, delete or mirror"], errors["mode"]);
    }

    [Fact]
    public void InstanceId_ModeOtherThanUpsert_IsItsOwnRun()
    {
        var upsert = new ImportRequest("t1", "d1", "attributes/", new DateOnly(2026, 12, 5), false);

        Assert.Equal("import:t1:d1:2026-12-05:attributes", Orchestrator.Imports.ImportNaming.InstanceId(upsert));
        Assert.Equal("import:t1:d1:2026-12-05:attributes:mirror", Orchestrator.Imports.ImportNaming.InstanceId(upsert with { Mode = ImportMode.Mirror }));
    }
}
