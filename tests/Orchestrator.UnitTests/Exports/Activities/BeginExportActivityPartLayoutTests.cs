using Orchestrator.Exports.Activities;

namespace Orchestrator.UnitTests.Exports.Activities;

public sealed class BeginExportActivityPartLayoutTests
{
    private const long MiB = 1024 * 1024;

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(100 * MiB)]
    [InlineData(16 * MiB * 10_000)]
    public void PartLayout_SmallReport_KeepsConfiguredSize(long sourceLength)
    {
        Assert.Equal(16 * MiB, BeginExportActivity.PartLayout(sourceLength, 16 * MiB));
    }

    [Theory]
    [InlineData(16 * MiB * 10_000 + 1)]
    [InlineData(1024L * 1024 * MiB)]
    [InlineData(5L * 1024 * 1024 * MiB)]
    [InlineData(123_456_789_012_345L)]
    public void PartLayout_HugeReport_NeverExceedsMaxParts(long sourceLength)
    {
        long perPart = BeginExportActivity.PartLayout(sourceLength, 16 * MiB);
        long parts = (sourceLength + perPart - 1) / perPart;

        Assert.True(parts <= BeginExportActivity.MaxParts, $"{parts} parts of {perPart} bytes");
        Assert.True(perPart > 16 * MiB);
        Assert.Equal(0, perPart % MiB);
    }

    [Fact]
    public void PartLayout_JustOverLimit_GrowsByOneMiB()
    {
        long perPart = BeginExportActivity.PartLayout((16 * MiB * 10_000) + 1, 16 * MiB);

        Assert.Equal(17 * MiB, perPart);
    }

    [Theory]
    [InlineData(1L, MiB)]
    [InlineData(MiB - 1, MiB)]
    [InlineData(MiB, MiB)]
    [InlineData(MiB + 1, 2 * MiB)]
    [InlineData((long)(7.5 * MiB), 8 * MiB)]
    public void PartLayout_ConfiguredNotWholeMiB_RoundsUpToWholeMiB(long configured, long expected)
    {
        Assert.Equal(expected, BeginExportActivity.PartLayout(10 * MiB, configured));
    }

    [Fact]
    public void PartLayout_RoundedUpMinimum_StaysWithinMaxParts()
    {
        // Minimum per part is just above a whole MiB; rounding up must not push the count back over the limit.
        long sourceLength = (20 * MiB * 10_000) + 12_345;

        long perPart = BeginExportActivity.PartLayout(sourceLength, 5 * MiB);

        Assert.Equal(21 * MiB, perPart);
        Assert.True((sourceLength + perPart - 1) / perPart <= BeginExportActivity.MaxParts);
    }
}
