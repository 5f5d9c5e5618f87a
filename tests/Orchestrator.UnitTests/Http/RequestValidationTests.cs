using System.Text.Json;
using Orchestrator.Http;

namespace Orchestrator.UnitTests.Http;

public sealed class RequestValidationTests
{
    private const string ValidBody = """{"tenant":"tenant-1","destinationId":"dest-1","report":"insights","period":"2025-03-07","force":true}""";

    [Fact]
    public void ParseExportStart_ValidBody_ReturnsRequest()
    {
        var errors = new Dictionary<string, string[]>();

        var request = RequestValidation.ParseExportStart(Parse(ValidBody), errors);

        Assert.Empty(errors);
        Assert.Equal(new ExportStartRequest("tenant-1", "dest-1", "insights", new DateOnly(2025, 3, 7), true), request);
    }

    [Theory]
    [InlineData("""{"tenant":"t","destinationId":"d","report":"r","period":"2025-01-31"}""")]
    [InlineData("""{"tenant":"t","destinationId":"d","report":"r","period":"2025-01-31","force":null}""")]
    public void ParseExportStart_ForceOmittedOrNull_DefaultsToFalse(string json)
    {
        var errors = new Dictionary<string, string[]>();

        var request = RequestValidation.ParseExportStart(Parse(json), errors);

        Assert.Empty(errors);
        Assert.NotNull(request);
        Assert.False(request.Force);
    }

    [Theory]
    [InlineData("""{"destinationId":"d","report":"r","period":"2025-01-31"}""", "tenant", "is required")]
    [InlineData("""{"tenant":null,"destinationId":"d","report":"r","period":"2025-01-31"}""", "tenant", "is required")]
    [InlineData("""{"tenant":42,"destinationId":"d","report":"r","period":"2025-01-31"}""", "tenant", "must be a string, not number")]
    [InlineData("""{"tenant":"t","destinationId":["d"],"report":"r","period":"2025-01-31"}""", "destinationId", "must be a string, not array")]
    [InlineData("""{"tenant":"t:x","destinationId":"d","report":"r","period":"2025-01-31"}""", "tenant", "letters, digits")]
    [InlineData("""{"tenant":"t","destinationId":"-d","report":"r","period":"2025-01-31"}""", "destinationId", "letters, digits")]
    [InlineData("""{"tenant":"t","destinationId":"d","report":"Insights","period":"2025-01-31"}""", "report", "lower-case")]
    [InlineData("""{"tenant":"t","destinationId":"d","report":"r","period":"31/01/2025"}""", "period", "yyyy-MM-dd")]
    [InlineData("""{"tenant":"t","destinationId":"d","report":"r","period":"2025-02-30"}""", "period", "yyyy-MM-dd")]
    [InlineData("""{"tenant":"t","destinationId":"d","report":"r","period":"2025-01-31T00:00:00"}""", "period", "yyyy-MM-dd")]
    [InlineData("""{"tenant":"t","destinationId":"d","report":"r","period":"2025-01-31","force":"yes"}""", "force", "true or false")]
    [InlineData("""{"tenant":"t","destinationId":"d","report":"r","period":"2025-01-31","force":1}""", "force", "true or false")]
    [InlineData("""{"tenant":"t","destinationId":"d","report":"r","period":"2025-01-31","colour":"red"}""", "colour", "not a known field")]
    public void ParseExportStart_OneBadField_ReturnsErrorKeyedByField(string json, string field, string message)
    {
        var errors = new Dictionary<string, string[]>();

        var request = RequestValidation.ParseExportStart(Parse(json), errors);

        Assert.Null(request);
        Assert.Equal([field], errors.Keys);
        Assert.Contains(message, Assert.Single(errors[field]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    [InlineData("7")]
    public void ParseExportStart_NonObjectBody_ReturnsBodyError(string json)
    {
        var errors = new Dictionary<string, string[]>();

        var request = RequestValidation.ParseExportStart(Parse(json), errors);

        Assert.Null(request);
        Assert.Equal(["body"], errors.Keys);
    }

    [Fact]
    public void ParseExportStart_SeveralBadFields_ReportsEveryField()
    {
        var errors = new Dictionary<string, string[]>();

        var request = RequestValidation.ParseExportStart(Parse("""{"tenant":1,"report":"R","period":"x","extra":0}"""), errors);

        Assert.Null(request);
        Assert.Equal(["destinationId", "extra", "period", "report", "tenant"], errors.Keys.Order(StringComparer.Ordinal));
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
