using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Parsing;

namespace Orchestrator.UnitTests.Imports.Attributes;

/// <summary>One rule set for both formats: the same attributes give the same row, or the same reason, from CSV and JSON Lines.</summary>
public sealed class AttributeRowMapperTests
{
    private static readonly AttributeRowMapper Default = new(null);

    [Fact]
    public void FromCsvAndFromJson_SameAttributes_GiveTheSameRow()
    {
        var csv = CsvRow(Default, ["user_id", "Plan", "age", "ratio", "vip", "since"], ["u-1", "gold", "42", "0.5", "true", "2024-03-01"], out string? csvReason);
        var json = Default.FromJson(
            [
                Text("user_id", "u-1"),
                Text("Plan", "gold"),
                new JsonAttribute("age", "42", JsonAttributeKind.Number),
                new JsonAttribute("ratio", "0.5", JsonAttributeKind.Number),
                new JsonAttribute("vip", "true", JsonAttributeKind.Boolean),
                Text("since", "2024-03-01"),
            ],
            out string? jsonReason);

        Assert.Null(csvReason);
        Assert.Null(jsonReason);
        foreach (var row in new[] { csv!, json! })
        {
            Assert.Equal("u-1", row.UserId);
            Assert.Equal(5, row.Values.Count);
            Assert.Equal("gold", row.Values["Plan"]);
            Assert.Equal(42L, row.Values["age"]);
            Assert.Equal(0.5d, row.Values["ratio"]);
            Assert.Equal(true, row.Values["vip"]);
            Assert.Equal(new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), row.Values["since"]);
        }
    }

    [Fact]
    public void FromCsvAndFromJson_EmptyUserId_RejectedForTheSameReason()
    {
        CsvRow(Default, ["user_id", "plan"], ["", "gold"], out string? csvReason);
        Default.FromJson([Text("user_id", ""), Text("plan", "gold")], out string? jsonReason);

        Assert.Equal("missing user id ('user_id')", csvReason);
        Assert.Equal(csvReason, jsonReason);
    }

    [Fact]
    public void FromCsvAndFromJson_UserIdOverTheLimit_RejectedForTheSameReason()
    {
        string longId = new('x', 257);
        CsvRow(Default, ["user_id", "plan"], [longId, "gold"], out string? csvReason);
        Default.FromJson([Text("user_id", longId), Text("plan", "gold")], out string? jsonReason);

        Assert.Equal("user id longer than 256 characters", csvReason);
        Assert.Equal(csvReason, jsonReason);
    }

    [Fact]
    public void MapHeaderAndFromJson_NamesMappingToTheSameAttribute_RefusedForTheSameReason()
    {
        var header = Default.MapHeader(["user_id", "first name", "first_name"], out string? headerProblem);
        var row = Default.FromJson([Text("user_id", "u-1"), Text("first name", "a"), Text("first_name", "b")], out string? jsonReason);

        Assert.Null(header);
        Assert.Null(row);
        Assert.Equal("'first name' and 'first_name' map to the same attribute name 'first_name'", headerProblem);
        Assert.Equal(headerProblem, jsonReason);
    }

    [Fact]
    public void FromJson_QuotedNumber_StaysAString()
    {
        var row = Default.FromJson([Text("user_id", "u-1"), Text("zip", "42"), Text("code", "007")], out _);

        Assert.Equal("42", row!.Values["zip"]);
        Assert.Equal("007", row.Values["code"]);
    }

    [Fact]
    public void FromCsv_EmptyField_LeavesTheAttributeOut()
    {
        var row = CsvRow(Default, ["user_id", "plan", "age"], ["u-1", "", "7"], out _);

        Assert.Equal(["age"], row!.Values.Keys);
    }

    [Fact]
    public void FromCsv_WrongColumnCount_Rejected()
    {
        CsvRow(Default, ["user_id", "plan"], ["u-1", "gold", "extra"], out string? reason);

        Assert.Equal("wrong column count: expected 2, got 3", reason);
    }

    [Fact]
    public void FromJson_ConfiguredUserIdName_UsesThatAttribute()
    {
        var mapper = new AttributeRowMapper("customer");

        var row = mapper.FromJson([Text("plan", "gold"), Text("customer", "c-9")], out _);
        mapper.FromJson([Text("user_id", "u-1"), Text("plan", "gold")], out string? reason);

        Assert.Equal("c-9", row!.UserId);
        Assert.Equal(["plan"], row.Values.Keys);
        Assert.Equal("missing user id ('customer')", reason);
    }

    [Fact]
    public void Columns_ConfiguredUserIdNotInHeader_HasNoUserColumn()
    {
        var columns = new AttributeRowMapper("customer").Columns(["user_id", "plan"]);

        Assert.Equal(-1, columns.UserIndex);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("", false)]
    public void FromCsvAndFromJson_DeleteColumn_ReadNotStoredTheSameWay(string flag, bool delete)
    {
        var csv = CsvRow(Default, ["user_id", "plan", "_delete"], ["u-1", "gold", flag], out string? csvReason);
        var json = Default.FromJson([Text("user_id", "u-1"), Text("plan", "gold"), Text("_delete", flag)], out string? jsonReason);

        Assert.Null(csvReason);
        Assert.Null(jsonReason);
        foreach (var row in new[] { csv!, json! })
        {
            Assert.Equal(delete, row.Delete);
            Assert.False(row.Values.ContainsKey("_delete"));
            Assert.Equal(delete ? 0 : 1, row.Values.Count);
        }
    }

    [Fact]
    public void FromCsvAndFromJson_DeleteColumnNotABoolean_RejectedForTheSameReason()
    {
        CsvRow(Default, ["user_id", "_delete"], ["u-1", "maybe"], out string? csvReason);
        Default.FromJson([Text("user_id", "u-1"), Text("_delete", "maybe")], out string? jsonReason);
        var jsonBoolean = Default.FromJson([Text("user_id", "u-1"), new JsonAttribute("_delete", "true", JsonAttributeKind.Boolean)], out _);

        Assert.Equal("_delete must be true, false, 1, 0 or empty", csvReason);
        Assert.Equal(csvReason, jsonReason);
        Assert.True(jsonBoolean!.Delete);
    }

    [Theory]
    [InlineData("_source")]
    [InlineData("_seen")]
    [InlineData("_SEEN")]
    [InlineData("_ins")]
    public void MapHeaderAndFromJson_ReservedMarkName_RefusedForTheSameReason(string name)
    {
        var header = Default.MapHeader(["user_id", name], out string? headerProblem);
        var row = Default.FromJson([Text("user_id", "u-1"), Text(name, "x")], out string? jsonReason);

        Assert.Null(header);
        Assert.Null(row);
        Assert.Equal($"'{name}' is a reserved name (_source, _seen and _ins are the store's own marks)", headerProblem);
        Assert.Equal(headerProblem, jsonReason);
    }

    private static UserAttributes? CsvRow(AttributeRowMapper mapper, IReadOnlyList<string> header, IReadOnlyList<string> fields, out string? reason)
    {
        var columns = mapper.MapHeader(header, out string? problem) ?? throw new InvalidOperationException(problem);
        return AttributeRowMapper.FromCsv(columns, fields, out reason);
    }

    private static JsonAttribute Text(string name, string value) => new(name, value, JsonAttributeKind.String);
}
