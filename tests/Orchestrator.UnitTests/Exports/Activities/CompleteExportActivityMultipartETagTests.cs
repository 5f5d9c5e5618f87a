using System.Security.Cryptography;
using System.Text;
using Orchestrator.Exports.Activities;
using Orchestrator.Exports.Models;

#pragma warning disable CA5351 // S3 multipart ETags are defined with MD5; the test recomputes one.

namespace Orchestrator.UnitTests.Exports.Activities;

public sealed class CompleteExportActivityMultipartETagTests
{
    [Fact]
    public void MultipartETag_KnownPartETags_IsMd5OfConcatenatedDigestsDashCount()
    {
        byte[][] partBodies = [Encoding.ASCII.GetBytes("part one"), Encoding.ASCII.GetBytes("part two"), Encoding.ASCII.GetBytes("3")];
        byte[][] digests = [.. partBodies.Select(b => MD5.HashData(b))];
        var parts = digests
            .Select((d, i) => new PartResult(i + 1, "\"" + Convert.ToHexStringLower(d) + "\"", 8, 0, new PartLines(0, 0, false), false))
            .ToList();
        string expected = "\"" + Convert.ToHexStringLower(MD5.HashData(digests.SelectMany(d => d).ToArray())) + "-3\"";

        Assert.Equal(expected, CompleteExportActivity.MultipartETag(parts));
    }

    [Fact]
    public void MultipartETag_UnquotedUpperCaseETags_GivesSameResult()
    {
        byte[] digest = MD5.HashData("x"u8);
        var quoted = new[] { new PartResult(1, "\"" + Convert.ToHexStringLower(digest) + "\"", 1, 0, new PartLines(0, 0, false), false) };
        var bare = new[] { new PartResult(1, Convert.ToHexString(digest), 1, 0, new PartLines(0, 0, false), false) };

        Assert.Equal(CompleteExportActivity.MultipartETag(quoted), CompleteExportActivity.MultipartETag(bare));
        Assert.EndsWith("-1\"", CompleteExportActivity.MultipartETag(bare), StringComparison.Ordinal);
    }

    [Fact]
    public void MultipartETag_DigestsOfEmptyAndA_IsQuotedLowerHexWithPartCount()
    {
        // The well-known MD5s of "" and "a" as part ETags.
        string e1 = "d41d8cd98f00b204e9800998ecf8427e";
        string e2 = "0cc175b9c0f1b6a831c399e269772661";
        byte[] concatenated = [.. Convert.FromHexString(e1), .. Convert.FromHexString(e2)];
        string expected = $"\"{Convert.ToHexStringLower(MD5.HashData(concatenated))}-2\"";

        string actual = CompleteExportActivity.MultipartETag(
            [new PartResult(1, $"\"{e1}\"", 0, 0, new PartLines(0, 0, false), false), new PartResult(2, $"\"{e2}\"", 1, 0, new PartLines(0, 0, false), false)]);

        Assert.Equal(expected, actual);
        Assert.Matches("^\"[0-9a-f]{32}-2\"$", actual);
    }
}
