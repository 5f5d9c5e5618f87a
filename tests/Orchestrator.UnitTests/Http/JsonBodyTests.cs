using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Http;

namespace Orchestrator.UnitTests.Http;

/// <summary>
/// The one body reader of every route: a lone UTF-16 surrogate escape anywhere (value or property name) and a
/// property named twice are 400 problem+json naming the field, never an InvalidOperationException later (a 500).
/// </summary>
public sealed class JsonBodyTests
{
    [Theory]
    [InlineData("""{"tenant":"\ud800","destinationId":"d"}""", "tenant")]
    [InlineData("""{"tenant":"t","destinationId":"ok\udfffok"}""", "destinationId")]
    [InlineData("""{"schedule":{"enabled":true,"timeZone":"Europe/\ud83d"}}""", "schedule.timeZone")]
    [InlineData("""{"reports":["sessions","\udc00"]}""", "reports[1]")]
    [InlineData("""["\ud800"]""", "body[0]")]
    [InlineData(""" "\ud800" """, "body")]
    [InlineData("""{"a":{"b":[{"c":"x\ud800"}]}}""", "a.b[0].c")]
    public void Parse_LoneSurrogateEscapeInValue_ValidationProblemNamingTheField(string json, string field)
    {
        var errors = AssertValidationProblem(json);

        Assert.Equal([field], errors.Keys);
        Assert.Contains("lone UTF-16 surrogate", Assert.Single(errors[field]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"\ud800":"x"}""", "body")]
    [InlineData("""{"schedule":{"enabled":true,"\udbff":1}}""", "schedule")]
    public void Parse_LoneSurrogateEscapeInPropertyName_ValidationProblemNamingTheObject(string json, string field)
    {
        var errors = AssertValidationProblem(json);

        Assert.Equal([field], errors.Keys);
        Assert.Contains("not valid Unicode", Assert.Single(errors[field]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"tenant":"a","tenant":"b"}""", "tenant")]
    [InlineData("""{"tenant":"a","force":true,"destinationId":"d","force":false}""", "force")]
    [InlineData("""{"schedule":{"enabled":true,"enabled":false}}""", "schedule.enabled")]
    [InlineData("""{"reports":[{"x":1,"x":1}]}""", "reports[0].x")]
    [InlineData("""{"t\u0065nant":"a","tenant":"b"}""", "tenant")]
    public void Parse_DuplicateKey_ValidationProblemNamingTheKey(string json, string field)
    {
        var errors = AssertValidationProblem(json);

        Assert.Equal([field], errors.Keys);
        Assert.Contains("more than once", Assert.Single(errors[field]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"tenant":"a","Tenant":"b"}""")]
    [InlineData("""{"a":{"x":1},"b":{"x":1}}""")]
    [InlineData("""{"name":"\ud83d\ude80 \u00e9 \u0000","list":["\ud800\udc00"]}""")]
    public void Parse_DistinctKeysAndValidUnicode_ReturnsTheBody(string json)
    {
        var (body, problem) = JsonBody.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Null(problem);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, body.ValueKind);
    }

    [Fact]
    public async Task ReadAsync_LoneSurrogateInBody_Answers400ProblemJson()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("""{"tenant":"acme","destinationId":"\ud800"}"""));

        var (_, problem) = await JsonBody.ReadAsync(context.Request, CancellationToken.None);

        var result = Assert.IsType<ProblemHttpResult>(problem);
        Assert.Equal(StatusCodes.Status400BadRequest, result.StatusCode);
        Assert.Equal("application/problem+json", result.ContentType);
        Assert.Equal(["destinationId"], Assert.IsType<HttpValidationProblemDetails>(result.ProblemDetails).Errors.Keys);
    }

    private static IDictionary<string, string[]> AssertValidationProblem(string json)
    {
        var (_, problem) = JsonBody.Parse(Encoding.UTF8.GetBytes(json));
        var result = Assert.IsType<ProblemHttpResult>(problem);
        Assert.Equal(StatusCodes.Status400BadRequest, result.StatusCode);
        return Assert.IsType<HttpValidationProblemDetails>(result.ProblemDetails).Errors;
    }
}
