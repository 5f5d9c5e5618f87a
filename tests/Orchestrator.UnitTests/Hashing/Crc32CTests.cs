using System.Buffers.Binary;
using Orchestrator.Hashing;

namespace Orchestrator.UnitTests.Hashing;

public sealed class Crc32CTests
{
    [Fact]
    public void Compute_StandardCheckInput_ReturnsCheckValue()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    [Fact]
    public void Compute_Empty_ReturnsZero()
    {
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Fact]
    public void Compute_AnyInput_MatchesBitwiseReference()
    {
        // Covers both the 8-byte hardware loop and the byte tail.
        var data = RandomBytes(1_000 + 3, seed: 1);

        Assert.Equal(ReferenceCrc(data), Crc32C.Compute(data));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(4096)]
    public void Append_InPieces_EqualsWhole(int pieceSize)
    {
        var data = RandomBytes(10_007, seed: pieceSize);
        uint crc = 0;
        for (int i = 0; i < data.Length; i += pieceSize)
        {
            crc = Crc32C.Append(crc, data.AsSpan(i, Math.Min(pieceSize, data.Length - i)));
        }

        Assert.Equal(ReferenceCrc(data), crc);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10, 0)]
    [InlineData(0, 10)]
    [InlineData(1, 1)]
    [InlineData(17, 3)]
    [InlineData(4096, 65_537)]
    [InlineData(1_048_576 + 5, 1_048_576 + 11)]
    [InlineData(3, 2_500_000)]
    public void Combine_CrcsOfTwoBuffers_EqualsCrcOfConcatenation(int lengthA, int lengthB)
    {
        var a = RandomBytes(lengthA, seed: lengthA);
        var b = RandomBytes(lengthB, seed: lengthB + 1);

        uint combined = Crc32C.Combine(Crc32C.Compute(a), Crc32C.Compute(b), lengthB);

        Assert.Equal(ReferenceCrc([.. a, .. b]), combined);
    }

    [Fact]
    public void Combine_ManyParts_EqualsCrcOfWhole()
    {
        var data = RandomBytes(300_000, seed: 42);
        int[] cuts = [0, 1, 5_000, 5_001, 123_456, 299_999, 300_000];
        uint crc = 0;
        for (int i = 0; i < cuts.Length - 1; i++)
        {
            var part = data.AsSpan(cuts[i], cuts[i + 1] - cuts[i]);
            crc = Crc32C.Combine(crc, Crc32C.Compute(part), part.Length);
        }

        Assert.Equal(ReferenceCrc(data), crc);
    }

    [Fact]
    public void ToBase64_Crc_IsBigEndianBytes()
    {
        uint crc = 0xE3069283u;
        Span<byte> expected = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(expected, crc);

        Assert.Equal("4waSgw==", Crc32C.ToBase64(crc));
        Assert.Equal(Convert.ToBase64String(expected), Crc32C.ToBase64(crc));
        Assert.Equal(new byte[] { 0xE3, 0x06, 0x92, 0x83 }, Convert.FromBase64String(Crc32C.ToBase64(crc)));
    }

    [Fact]
    public void ToHex_Crc_IsEightLowerCaseDigits()
    {
        Assert.Equal("e3069283", Crc32C.ToHex(0xE3069283u));
        Assert.Equal("0000000a", Crc32C.ToHex(10));
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The bitwise CRC-32C (reflected polynomial 0x82F63B78), written independently of the product's SSE4.2 code.</summary>
    private static uint ReferenceCrc(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
            }
        }

        return ~c;
    }
}
