using Orchestrator.Domain;

namespace Orchestrator.UnitTests.Domain;

public sealed class BucketPathTests
{
    [Theory]
    [InlineData("/subfolder name/", "subfolder name")]
    [InlineData("a//b/", "a/b")]
    [InlineData(" a / sub folder /", "a/sub folder")]
    [InlineData("///a///b///c///", "a/b/c")]
    [InlineData("exports", "exports")]
    [InlineData("a/b.c/d-e_f", "a/b.c/d-e_f")]
    public void TryNormalize_UntidyPath_ReturnsNormalisedPath(string raw, string expected)
    {
        bool ok = BucketPath.TryNormalize(raw, out string? normalized, out string? error);

        Assert.True(ok, error);
        Assert.Equal(expected, normalized);
        Assert.Null(error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("\t")]
    public void TryNormalize_NullOrBlank_ReturnsBucketRoot(string? raw)
    {
        bool ok = BucketPath.TryNormalize(raw, out string? normalized, out string? error);

        Assert.True(ok);
        Assert.Equal(string.Empty, normalized);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("..", "'.' or '..'")]
    [InlineData("a/../b", "'.' or '..'")]
    [InlineData("a/./b", "'.' or '..'")]
    [InlineData(".", "'.' or '..'")]
    [InlineData("a/ .. /b", "'.' or '..'")]
    [InlineData("a\\b", "backslashes")]
    [InlineData("a/\u0001b", "control characters")]
    [InlineData("a\nb", "control characters")]
    [InlineData("a/   /b", "only of spaces")]
    public void TryNormalize_UnsafePath_ReturnsFalseWithReason(string raw, string reason)
    {
        bool ok = BucketPath.TryNormalize(raw, out string? normalized, out string? error);

        Assert.False(ok);
        Assert.Null(normalized);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryNormalize_LongerThanMaxLength_ReturnsFalse()
    {
        string raw = new('a', BucketPath.MaxLength + 1);

        bool ok = BucketPath.TryNormalize(raw, out _, out string? error);

        Assert.False(ok);
        Assert.Contains(BucketPath.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture), error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryNormalize_ExactlyMaxLength_ReturnsTrue()
    {
        string raw = new('a', BucketPath.MaxLength);

        Assert.True(BucketPath.TryNormalize(raw, out string? normalized, out _));
        Assert.Equal(raw, normalized);
    }

    [Fact]
    public void TryNormalize_MultiByteCharactersOverMaxBytes_ReturnsFalse()
    {
        // 300 two-byte characters: 300 chars but 600 UTF-8 bytes.
        string raw = new('é', 300);

        Assert.False(BucketPath.TryNormalize(raw, out _, out _));
    }

    [Theory]
    [InlineData("", "report/file.csv", "report/file.csv")]
    [InlineData("a/b", "report/file.csv", "a/b/report/file.csv")]
    public void Combine_PathAndKey_JoinsWithSingleSlash(string path, string key, string expected)
    {
        Assert.Equal(expected, BucketPath.Combine(path, key));
    }
}
