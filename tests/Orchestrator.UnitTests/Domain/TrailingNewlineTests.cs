using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Orchestrator.Domain;
using Orchestrator.Http;
using Orchestrator.Imports.Attributes;
using Orchestrator.Operations;
using Orchestrator.Options;

namespace Orchestrator.UnitTests.Domain;

/// <summary>
/// .NET's <c>$</c> also matches before a final line feed, so "acme\n" used to pass every identifier pattern and fail
/// later (a 500, or a forged log line). Every validation pattern is anchored at the true end of the text.
/// </summary>
public sealed class TrailingNewlineTests
{
    public static TheoryData<string, Func<string, bool>> Validators => new()
    {
        { "acme", Identifiers.IsValidId },
        { "sessions", Identifiers.IsValidReportName },
        { "us-east-1", DestinationRules.IsValidRegion },
        { "acme-exports", DestinationRules.IsValidBucketName },
        { "arn:aws:iam::123456789012:role/export", DestinationRules.IsValidRoleArn },
        { "Europe/Berlin", id => ScheduleTimeZones.TryFind(id, out _) },
        { "AKIAIOSFODNN7EXAMPLE", AccessKeyAccepted },
    };

    [Theory]
    [MemberData(nameof(Validators))]
    public void Validator_ValueWithTrailingNewline_Rejected(string valid, Func<string, bool> isValid)
    {
        Assert.True(isValid(valid));
        Assert.False(isValid(valid + "\n"));
        Assert.False(isValid(valid + "\r\n"));
    }

    [Fact]
    public void IsValidRoleArn_NonAsciiLettersOrDigits_Rejected()
    {
        Assert.False(DestinationRules.IsValidRoleArn("arn:aws:iam::123456789012:role/expört"));
        Assert.False(DestinationRules.IsValidRoleArn("arn:aws:iam::١٢٣٤٥٦٧٨٩٠١٢:role/export"));
    }

    [Theory]
    [InlineData("2026-11-24T06:00Z\n")]
    [InlineData("2026-11-24\n")]
    [InlineData("12\n")]
    [InlineData("1.5\n")]
    public void Infer_TypedLookingValueWithTrailingNewline_StaysAString(string text)
    {
        Assert.Equal(text, AttributeValues.Infer(text));
    }

    [Fact]
    public void StorageOptions_TableNameWithTrailingNewline_FailsValidation()
    {
        var options = new StorageOptions { RunsTable = "Runs\n" };

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    [Theory]
    [InlineData("status", "running")]
    [InlineData("from", "2026-11-24T06:00:00Z")]
    [InlineData("to", "2026-11-24")]
    [InlineData("kind", "export")]
    public void RunQueryParser_ValueWithTrailingNewline_NamesTheParameter(string name, string valid)
    {
        var accepted = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Assert.NotNull(RunQueryParser.Parse("acme", new QueryCollection(new Dictionary<string, StringValues> { [name] = valid }), accepted));

        foreach (string suffix in new[] { "\n", "\r\n", " " })
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            Assert.Null(RunQueryParser.Parse("acme", new QueryCollection(new Dictionary<string, StringValues> { [name] = valid + suffix }), errors));
            Assert.Equal([name], errors.Keys);
        }
    }

    private static bool AccessKeyAccepted(string accessKeyId)
    {
        using var body = JsonDocument.Parse(JsonSerializer.Serialize(new
        {
            destinationId = "d",
            authMethod = "accessKey",
            bucket = "acme-exports",
            region = "us-east-1",
            accessKeyId,
            secretAccessKey = "secret",
        }));
        var errors = new Dictionary<string, string[]>();
        DestinationRequestParser.Parse(body.RootElement, "acme", routeId: null, errors);
        return !errors.ContainsKey("accessKeyId");
    }
}
