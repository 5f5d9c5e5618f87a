using System.Buffers;
using CsCheck;
using Orchestrator.Imports.Parsing;
using static Orchestrator.UnitTests.Imports.Parsing.ParsingTestSupport;

namespace Orchestrator.UnitTests.Imports.Parsing;

/// <summary>Any table written by <see cref="CsvWriter"/> reads back identically, whole or in resumed chunks.</summary>
public sealed class CsvRoundTripPropertyTests
{
    private static readonly Gen<string> Atom = Gen.Frequency(
        (6, Gen.Char['a', 'z'].Select(c => c.ToString())),
        (4, Gen.OneOf(",", "\"", "\r", "\n", "\r\n", " ", "\"\"", ",\"")),
        (2, Gen.OneOf("é", "e\u0301", "😀", "👍🏽", "中文", "𝄞", "\uFEFF", "\t", "\0")));

    private static readonly Gen<string> Field = Atom.Array[0, 8].Select(string.Concat);

    private static readonly Gen<string[][]> Table =
        Gen.Int[1, 6].SelectMany(columns => Field.Array[columns].Array[1, 30]);

    [Fact]
    public async Task WrittenTable_ReadsBackIdentical()
    {
        await Table.Select(Gen.Int[1, 40]).SampleAsync(async (table, maxRead) =>
        {
            byte[] data = Write(table);
            var options = new CsvReaderOptions { ExpectedColumns = table[0].Length };

            var results = await ReadCsvAsync(data, options, maxRead: maxRead);

            Assert.Equal(table, results.Select(r => r.IsRejected ? [r.Rejection] : r.Fields.ToArray()));
            AssertLinesMatchOffsets(data, results);
        }, iter: 500);
    }

    [Fact]
    public async Task WrittenTable_ReadInChunksResumedAtRandomBoundaries_ReadsBackIdentical()
    {
        await Table.Select(Gen.Int[1, 120], Gen.Int[1, 40]).SampleAsync(async (table, chunkBytes, maxRead) =>
        {
            byte[] data = Write(table);
            var options = new CsvReaderOptions { ExpectedColumns = table[0].Length };
            var results = new List<CsvReadResult>();
            long offset = 0;
            long line = 1;
            while (true)
            {
                using var stream = new TrickleStream(data, (int)offset, maxRead);
                using var reader = new CsvRecordReader(stream, offset, line, options);
                long chunkStart = offset;
                bool ended = false;
                while (offset - chunkStart < chunkBytes)
                {
                    if (await reader.ReadAsync() is not { } result)
                    {
                        ended = true;
                        break;
                    }

                    results.Add(result);
                    (offset, line) = (result.EndOffset, result.NextLine);
                }

                if (ended)
                {
                    break;
                }
            }

            Assert.Equal(table, results.Select(r => r.IsRejected ? [r.Rejection] : r.Fields.ToArray()));
            AssertLinesMatchOffsets(data, results);
        }, iter: 300);
    }

    private static byte[] Write(string[][] table)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new CsvWriter(output);
        foreach (var row in table)
        {
            writer.WriteRecord(row);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>Each record's line is 1 + the LFs before it, and its NextLine 1 + the LFs up to its end.</summary>
    private static void AssertLinesMatchOffsets(byte[] data, List<CsvReadResult> results)
    {
        long start = 0;
        foreach (var result in results)
        {
            Assert.Equal(1 + data.AsSpan(0, (int)start).Count((byte)'\n'), result.Line);
            Assert.Equal(1 + data.AsSpan(0, (int)result.EndOffset).Count((byte)'\n'), result.NextLine);
            start = result.EndOffset;
        }

        Assert.Equal(data.Length, start);
    }
}
