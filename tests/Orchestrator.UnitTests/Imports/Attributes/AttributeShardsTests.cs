using Orchestrator.Imports.Attributes;

namespace Orchestrator.UnitTests.Imports.Attributes;

public sealed class AttributeShardsTests
{
    private static readonly string[] Users = [.. Enumerable.Range(0, 20_000).Select(i => "user-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public void ShardOf_AnyId_IsAShardOfTheCount()
    {
        Assert.All(Users.Take(100), u => Assert.InRange(AttributeShards.ShardOf(u, 16), 0, 15));
        Assert.Equal(0, AttributeShards.ShardOf("anyone", 1));
    }

    [Fact]
    public void ShardOf_ManyUsers_SpreadsEvenlyOverTheShards()
    {
        var perShard = Users.GroupBy(u => AttributeShards.ShardOf(u, 16)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(16, perShard.Count);
        Assert.All(perShard.Values, n => Assert.InRange(n, 20_000 / 16 * 8 / 10, 20_000 / 16 * 12 / 10));
    }

    [Fact]
    public void ShardOf_GrowingTheShardCount_MovesOnlyUsersToTheNewShards()
    {
        var moved = Users.Where(u => AttributeShards.ShardOf(u, 16) != AttributeShards.ShardOf(u, 17)).ToList();

        Assert.All(moved, u => Assert.Equal(16, AttributeShards.ShardOf(u, 17)));
        Assert.InRange(moved.Count, 1, Users.Length / 8);
    }

    [Fact]
    public void PartitionKeyOf_TenantAndShard_IsTenantTildeShard_AndPartitionsOfListsEveryShard()
    {
        string key = AttributeShards.PartitionKeyOf("acme", "u1", 16);

        Assert.Equal("acme~" + AttributeShards.ShardOf("u1", 16).ToString(System.Globalization.CultureInfo.InvariantCulture), key);
        Assert.Contains(key, AttributeShards.PartitionsOf("acme", 16));
        Assert.Equal(16, AttributeShards.PartitionsOf("acme", 16).Distinct().Count());
        Assert.Equal("acme", AttributeShards.LegacyPartitionOf("acme"));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("a/b\\c#d?e%f")]
    [InlineData("tab\there")]
    public void UserKeys_RowKey_RoundTrips(string userId) => Assert.Equal(userId, UserKeys.FromRowKey(UserKeys.ToRowKey(userId)));
}
