using Orchestrator.Exports.Schemas;

namespace Orchestrator.UnitTests.Exports.Schemas;

public sealed class ColumnValuesTests
{
    private static readonly SchemaColumn Money = SchemaColumn.DecimalOf("m", 18, 2);

    [Theory]
    [InlineData(ColumnType.Integer, "42", 42L)]
    [InlineData(ColumnType.Integer, "-9223372036854775808", long.MinValue)]
    [InlineData(ColumnType.Integer, "9223372036854775807", long.MaxValue)]
    [InlineData(ColumnType.Double, "1.5e300", 1.5e300)]
    [InlineData(ColumnType.Double, "-0.25", -0.25)]
    [InlineData(ColumnType.Boolean, "1", true)]
    [InlineData(ColumnType.Boolean, "FALSE", false)]
    [InlineData(ColumnType.String, "", "")]
    [InlineData(ColumnType.String, "ünï \"q\"\nx", "ünï \"q\"\nx")]
    public void TryParse_ValidValue_ParsesToTheType(ColumnType type, string text, object expected)
    {
        Assert.True(ColumnValues.TryParse(text, new SchemaColumn("c", type), out object? value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData(ColumnType.Integer)]
    [InlineData(ColumnType.Double)]
    [InlineData(ColumnType.Boolean)]
    [InlineData(ColumnType.Date)]
    [InlineData(ColumnType.Timestamp)]
    public void TryParse_EmptyTypedField_IsNullNotInvalid(ColumnType type)
    {
        Assert.True(ColumnValues.TryParse(string.Empty, new SchemaColumn("c", type), out object? value));
        Assert.Null(value);
    }

    [Theory]
    [InlineData(ColumnType.Integer, "9223372036854775808")]
    [InlineData(ColumnType.Integer, "1.0")]
    [InlineData(ColumnType.Integer, "12a")]
    [InlineData(ColumnType.Double, "abc")]
    [InlineData(ColumnType.Boolean, "yes please")]
    [InlineData(ColumnType.Date, "2026-02-30")]
    [InlineData(ColumnType.Date, "24/11/2026")]
    [InlineData(ColumnType.Timestamp, "yesterday")]
    [InlineData(ColumnType.Timestamp, "12")]
    public void TryParse_BadValue_DoesNotParse(ColumnType type, string text)
    {
        Assert.False(ColumnValues.TryParse(text, new SchemaColumn("c", type), out object? value));
        Assert.Null(value);
    }

    [Fact]
    public void TryParse_Date_KeepsEdgesOfTheCalendar()
    {
        Assert.True(ColumnValues.TryParse("0001-01-01", new SchemaColumn("d", ColumnType.Date), out object? first));
        Assert.True(ColumnValues.TryParse("9999-12-31", new SchemaColumn("d", ColumnType.Date), out object? last));
        Assert.Equal(DateOnly.MinValue, first);
        Assert.Equal(DateOnly.MaxValue, last);
    }

    [Fact]
    public void TryParse_Timestamp_ConvertsOffsetsToUtcAndTakesNoOffsetAsUtc()
    {
        var column = new SchemaColumn("t", ColumnType.Timestamp);

        Assert.True(ColumnValues.TryParse("2026-11-24T01:30:00+02:00", column, out object? shifted));
        Assert.True(ColumnValues.TryParse("2026-11-23T23:30:00", column, out object? plain));
        Assert.True(ColumnValues.TryParse("2026-11-23T23:30:00.123456Z", column, out object? micros));

        var expected = new DateTime(2026, 11, 23, 23, 30, 0, DateTimeKind.Utc);
        Assert.Equal(expected, shifted);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)shifted!).Kind);
        Assert.Equal(expected, plain);
        Assert.Equal(ColumnValues.ToUnixMicros(expected) + 123_456, ColumnValues.ToUnixMicros((DateTime)micros!));
    }

    [Theory]
    [InlineData("1234.56", true)]
    [InlineData("-0.5", true)]
    [InlineData("9999999999999999.99", true)]
    [InlineData("10000000000000000.00", false)] // more integer digits than precision - scale
    [InlineData("1.234", false)] // would be rounded: counted as invalid instead
    [InlineData("1e3", false)]
    public void TryParse_Decimal_AcceptsOnlyValuesTheColumnHoldsExactly(string text, bool parses)
    {
        Assert.Equal(parses, ColumnValues.TryParse(text, Money, out object? value));
        if (parses)
        {
            Assert.Equal(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture), value);
        }
    }
}
