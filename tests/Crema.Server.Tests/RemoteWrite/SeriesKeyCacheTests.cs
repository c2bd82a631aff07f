using Crema.Core.Metrics;
using Crema.Server.RemoteWrite;

namespace Crema.Server.Tests.RemoteWrite;

public sealed class SeriesKeyCacheTests
{
    private static RemoteLabel[] Labels(string name, params (string Name, string Value)[] dims) =>
        [new RemoteLabel("__name__", name), .. dims.Select(d => new RemoteLabel(d.Name, d.Value))];

    [Fact]
    public void A_repeated_label_set_gives_the_same_key_without_making_another()
    {
        var cache = new SeriesKeyCache(1024);
        var labels = Labels("wait_time_seconds", ("shop", "harbour"));
        var first = cache.Get("Prometheus", labels);
        var again = cache.Get("Prometheus", labels);
        Assert.Same(first, again);
        Assert.Equal(1, cache.Misses);
        Assert.Equal(new SeriesKey("Prometheus", "wait_time_seconds", [new Dimension("shop", "harbour")]), first);
    }

    [Fact]
    public void Namespace_name_and_every_label_tell_keys_apart()
    {
        var cache = new SeriesKeyCache(1024);
        var a = cache.Get("Prometheus", Labels("m", ("shop", "a")));
        Assert.NotEqual(a, cache.Get("Shops", Labels("m", ("shop", "a"))));
        Assert.NotEqual(a, cache.Get("Prometheus", Labels("n", ("shop", "a"))));
        Assert.NotEqual(a, cache.Get("Prometheus", Labels("m", ("shop", "b"))));
        Assert.NotEqual(a, cache.Get("Prometheus", Labels("m", ("shop", "a"), ("till", "1"))));
        Assert.Equal(5, cache.Misses);
    }

    [Fact]
    public void Equal_strings_from_another_instance_give_an_equal_key()
    {
        var cache = new SeriesKeyCache(1024);
        var a = cache.Get("Prometheus", Labels("m", ("shop", "harbour")));
        var b = cache.Get("Prometheus", Labels(new string("m".AsSpan()), (new string("shop".AsSpan()), new string("harbour".AsSpan()))));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Many_series_grow_the_table_and_churn_past_capacity_starts_over_with_right_answers()
    {
        var cache = new SeriesKeyCache(1000);
        var sets = Enumerable.Range(0, 3000).Select(i => Labels("m", ("shop", "s" + i))).ToArray();
        var keys = sets.Select(l => cache.Get("P", l)).ToArray();
        for (var i = 0; i < sets.Length; i++)
        {
            Assert.Equal(new SeriesKey("P", "m", [new Dimension("shop", "s" + i)]), keys[i]);
            Assert.Equal(keys[i], cache.Get("P", sets[i]));
        }

        // The most recent series are still cached after the table started over.
        var last = cache.Get("P", sets[^1]);
        var misses = cache.Misses;
        Assert.Same(last, cache.Get("P", sets[^1]));
        Assert.Same(cache.Get("P", sets[^2]), cache.Get("P", sets[^2]));
        Assert.Equal(misses, cache.Misses);
    }
}
