using Orchestrator.Exports.Schemas;
using Orchestrator.Reports;
using Orchestrator.Runs;

namespace Orchestrator.UnitTests.Exports.Schemas;

public sealed class ExportSchemaResolverTests
{
    [Fact]
    public void Resolve_SyntheticHeader_TypesEveryColumnFromTheCatalog()
    {
        var schema = ExportSchemaResolver.Resolve("sessions", SyntheticInsightsReport.Columns);

        Assert.True(schema.Declared);
        Assert.Empty(schema.ExtraColumns);
        Assert.Equal(SyntheticInsightsReport.Columns, schema.Columns.Select(c => c.Column.Name));
        Assert.Equal(ColumnType.Date, schema.Columns[0].Column.Type);
        Assert.Equal("decimal(18,2)", schema.Columns.Single(c => c.Column.Name == "revenue").Column.TypeName);
        Assert.Equal(ColumnType.Timestamp, schema.Columns[^1].Column.Type);
    }

    [Fact]
    public void Resolve_MissingDeclaredColumn_FailsPermanentlyNamingIt()
    {
        var header = SyntheticInsightsReport.Columns.Where(c => c != "revenue").ToList();

        var failure = Assert.Throws<PermanentRunException>(() => ExportSchemaResolver.Resolve("sessions", header));

        Assert.Contains("'revenue'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("lacks the declared column", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ExtraSourceColumn_ExportedAsStringInSourceOrderAndListed()
    {
        var header = SyntheticInsightsReport.Columns.Take(3).Append("campaign").Concat(SyntheticInsightsReport.Columns.Skip(3)).ToList();

        var schema = ExportSchemaResolver.Resolve("sessions", header);

        Assert.Equal(["campaign"], schema.ExtraColumns);
        Assert.Equal(new ExportColumn(new SchemaColumn("campaign", ColumnType.String), 3, Declared: false), schema.Columns[3]);
        Assert.Equal(header, schema.Columns.Select(c => c.Column.Name));
    }

    [Fact]
    public void Resolve_ReportNotInCatalog_EveryColumnIsAString()
    {
        var schema = ExportSchemaResolver.Resolve("custom", ["a", "b"]);

        Assert.False(schema.Declared);
        Assert.All(schema.Columns, c => Assert.Equal(ColumnType.String, c.Column.Type));
    }

    [Fact]
    public void Resolve_DuplicateHeaderName_Fails()
    {
        var failure = Assert.Throws<PermanentRunException>(() => ExportSchemaResolver.Resolve("custom", ["a", "b", "a"]));

        Assert.Contains("'a'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprint_ChangesWithNameOrTypeAndOrder_NotOtherwise()
    {
        SchemaColumn[] columns = [new("a", ColumnType.Integer), new("b", ColumnType.String)];

        Assert.Equal(ReportSchema.Fingerprint(columns), ReportSchema.Fingerprint([new("a", ColumnType.Integer), new("b", ColumnType.String)]));
        Assert.NotEqual(ReportSchema.Fingerprint(columns), ReportSchema.Fingerprint([new("a", ColumnType.Double), new("b", ColumnType.String)]));
        Assert.NotEqual(ReportSchema.Fingerprint(columns), ReportSchema.Fingerprint([new("b", ColumnType.String), new("a", ColumnType.Integer)]));
        Assert.NotEqual(
            ReportSchema.Fingerprint([SchemaColumn.DecimalOf("a", 18, 2)]), ReportSchema.Fingerprint([SchemaColumn.DecimalOf("a", 18, 3)]));
        Assert.Equal(64, ReportSchema.Fingerprint(columns).Length);
    }
}
