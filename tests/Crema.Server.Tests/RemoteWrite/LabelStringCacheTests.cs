using System.Text;
using Crema.Server.RemoteWrite;

namespace Crema.Server.Tests.RemoteWrite;

public sealed class LabelStringCacheTests
{
    [Fact]
    public void The_table_starts_small_grows_with_the_strings_seen_and_stops_at_twice_the_capacity()
    {
        var cache = new LabelStringCache(4096);
        Assert.Equal(256, cache.TableSize);
        var first = new string[3000];
        for (var i = 0; i < first.Length; i++) Assert.True(cache.TryGet(Encoding.UTF8.GetBytes("shop-" + i), out first[i]));
        Assert.Equal(8192, cache.TableSize);
        Assert.Equal(3000, cache.Misses);

        // Every string is remembered through the growth: same instance, no new miss.
        for (var i = 0; i < first.Length; i++)
        {
            Assert.True(cache.TryGet(Encoding.UTF8.GetBytes("shop-" + i), out var again));
            Assert.Same(first[i], again);
        }
        Assert.Equal(3000, cache.Misses);

        // Past the capacity it starts over, never growing beyond 2 × capacity.
        for (var i = 0; i < 5000; i++) cache.TryGet(Encoding.UTF8.GetBytes("till-" + i), out _);
        Assert.Equal(8192, cache.TableSize);
        Assert.True(cache.TryGet(Encoding.UTF8.GetBytes("till-4999"), out var last));
        Assert.Equal("till-4999", last);
    }

    [Fact]
    public void Invalid_utf8_is_reported_and_not_cached()
    {
        var cache = new LabelStringCache(64);
        Assert.False(cache.TryGet([0x66, 0xFF, 0x6F], out var s));
        Assert.Contains('\uFFFD', s);
        Assert.False(cache.TryGet([0x66, 0xFF, 0x6F], out _));
        Assert.Equal(2, cache.Misses);
    }
}
