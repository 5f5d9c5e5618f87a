using System.Buffers.Binary;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) by the textbook table method, independent of the product's
/// hardware-accelerated Crc32C, so a test can check the product's checksums instead of comparing them with themselves.
/// </summary>
internal static class ReferenceCrc32C
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return ~c;
    }

    /// <summary>S3's form: the four bytes big-endian, in base64.</summary>
    public static string Base64(ReadOnlySpan<byte> data)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Compute(data));
        return Convert.ToBase64String(bytes);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
