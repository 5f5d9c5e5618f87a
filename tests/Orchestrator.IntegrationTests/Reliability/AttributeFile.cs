using System.Globalization;
using System.Text;
using Amazon.S3.Model;
using Azure.Data.Tables;
using Orchestrator.Domain;
using Orchestrator.IntegrationTests.Infrastructure;
using Xunit;

namespace Orchestrator.IntegrationTests.Reliability;

/// <summary>
/// The attribute file the import scenarios upload (users <c>user-0</c>…, a segment, a score and a quoted note with
/// commas and unicode, optionally padded to make more chunks) and the check of every row it must produce.
/// </summary>
internal static class AttributeFile
{
    public const string Key = "attributes/users.csv";

    public static byte[] Csv(int users, int padding = 0)
    {
        var csv = new StringBuilder("user_id,segment,score,note\n");
        for (int i = 0; i < users; i++)
        {
            csv.Append("user-").Append(i).Append(",seg").Append(i % 7).Append(',').Append(i).Append(",\"").Append(Note(i, padding)).Append("\"\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>Puts the file under the destination's bucket path with the bucket owner's keys.</summary>
    public static async Task UploadAsync(ServersFixture servers, Destination destination, byte[] bytes)
    {
        using var admin = servers.AdminS3();
        using var body = new MemoryStream(bytes);
        await admin.PutObjectAsync(new PutObjectRequest { BucketName = destination.Bucket, Key = BucketPath.Combine(destination.BucketPath, Key), InputStream = body });
    }

    /// <summary>Checks every stored row of the tenant value by value, with no duplicates; returns how many there are.</summary>
    public static async Task<long> AssertRowsAsync(string storage, string tenant, int padding = 0)
    {
        var table = new TableClient(storage, "Attributes");
        long stored = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entity in AttributeRows.OfTenantAsync(table, tenant))
        {
            stored++;
            Assert.True(seen.Add(entity.RowKey), $"duplicate {entity.RowKey}");
            int n = int.Parse(entity.RowKey["user-".Length..], CultureInfo.InvariantCulture);
            Assert.Equal(n, entity.GetInt64("score"));
            Assert.Equal($"seg{n % 7}", entity.GetString("segment"));
            Assert.Equal(Note(n, padding), entity.GetString("note"));
        }

        return stored;
    }

    private static string Note(int i, int padding) => $"note, {i} ü 🚀 {new string('x', i % 40)}{new string('p', padding)}";
}
