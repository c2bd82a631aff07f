using Crema.Core.Statistics;

namespace Crema.Core.Tests.Statistics;

public class QuantileSketchSerializationTests
{
    [Theory]
    [InlineData("uniform", 10_000, 1)]
    [InlineData("mixed", 20_000, 2)]
    [InlineData("duplicates", 100, 3)]
    [InlineData("negative", 3, 4)]
    [InlineData("tiny", 1, 5)]
    public void Round_trips_exactly(string distribution, int n, int seed)
    {
        var sketch = new QuantileSketch();
        foreach (var v in SketchTestData.Generate(distribution, n, seed)) sketch.Add(v);
        AssertRoundTrip(sketch);
    }

    [Fact]
    public void Round_trips_fractional_weights_and_collapsed_stores()
    {
        var random = new Random(6);
        var sketch = new QuantileSketch();
        for (var i = 0; i < 5_000; i++)
        {
            var magnitude = Math.Pow(10, -9 + 21 * random.NextDouble());
            sketch.Add(random.Next(2) == 0 ? magnitude : -magnitude, 0.1 + random.NextDouble());
        }
        sketch.Add(0, 0.25);
        AssertRoundTrip(sketch);
    }

    [Fact]
    public void Round_trips_the_empty_sketch_in_two_bytes()
    {
        var bytes = SketchTestData.Serialize(new QuantileSketch());
        Assert.Equal(new byte[] { QuantileSketch.FormatVersion, 0 }, bytes);
        Assert.True(QuantileSketch.TryRead(bytes, out var read, out var used));
        Assert.Equal(2, used);
        Assert.True(read!.IsEmpty);
    }

    [Fact]
    public void Six_nearly_equal_values_take_about_twenty_bytes()
    {
        var sketch = new QuantileSketch();
        foreach (var v in new[] { 10.0, 10.01, 10.02, 10.03, 10.04, 10.05 }) sketch.Add(v);
        var bytes = SketchTestData.Serialize(sketch);
        Assert.Equal(sketch.SerializedSize, bytes.Length);
        Assert.True(bytes.Length <= 22, $"{bytes.Length} bytes");
        AssertRoundTrip(sketch);
    }

    [Fact]
    public void Writes_the_documented_example_byte_for_byte()
    {
        // docs/formats/sketch.md, "Example": pins the version 1 layout.
        var sketch = new QuantileSketch();
        foreach (var v in new[] { 10.0, 10.01, 10.02, 10.03, 10.04, 10.05 }) sketch.Add(v);
        byte[] expected =
        [
            0x01, 0x64,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x24, 0x40,
            0x9a, 0x99, 0x99, 0x99, 0x99, 0x19,
            0xce, 0x03,
            0x01,
            0x01, 0x06,
        ];
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(SketchTestData.Serialize(sketch)));
    }

    [Fact]
    public void Reads_from_the_start_of_a_longer_buffer_and_reports_bytes_used()
    {
        var first = new QuantileSketch();
        var second = new QuantileSketch();
        foreach (var v in SketchTestData.Generate("mixed", 300, 7)) first.Add(v);
        foreach (var v in SketchTestData.Generate("uniform", 300, 8)) second.Add(v);
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        first.WriteTo(writer);
        second.WriteTo(writer);
        var span = writer.WrittenSpan;

        Assert.True(QuantileSketch.TryRead(span, out var a, out var usedA));
        Assert.Equal(first.SerializedSize, usedA);
        Assert.True(QuantileSketch.TryRead(span[usedA..], out var b, out var usedB));
        Assert.Equal(span.Length, usedA + usedB);
        QuantileSketchTests.AssertSameSketch(first, a!);
        QuantileSketchTests.AssertSameSketch(second, b!);
    }

    [Fact]
    public void Truncated_input_fails_cleanly_at_every_length()
    {
        var sketch = new QuantileSketch();
        foreach (var v in SketchTestData.Generate("mixed", 2_000, 9)) sketch.Add(v);
        sketch.Add(1.5, 0.5);
        var bytes = SketchTestData.Serialize(sketch);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(QuantileSketch.TryRead(bytes.AsSpan(0, length), out var read, out var used), $"length {length}");
            Assert.Null(read);
            Assert.Equal(0, used);
        }
    }

    [Fact]
    public void Garbage_and_unknown_versions_fail_cleanly()
    {
        var valid = new QuantileSketch();
        foreach (var v in SketchTestData.Generate("mixed", 100, 10)) valid.Add(v);
        var bytes = SketchTestData.Serialize(valid);
        bytes[0] = 2;
        Assert.False(QuantileSketch.TryRead(bytes, out _, out _));
        Assert.False(QuantileSketch.TryRead([QuantileSketch.FormatVersion, 0x10], out _, out _));

        var random = new Random(11);
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var garbage = new byte[random.Next(0, 64)];
            random.NextBytes(garbage);
            if (garbage.Length > 0 && random.Next(2) == 0) garbage[0] = QuantileSketch.FormatVersion;
            if (!QuantileSketch.TryRead(garbage, out var read, out var used)) continue;
            // Whatever parses must be a usable, self-consistent sketch.
            accepted++;
            Assert.InRange(used, 2, garbage.Length);
            Assert.False(double.IsNaN(read!.Quantile(0.5)) && !read.IsEmpty);
            Assert.Equal(used, read.SerializedSize);
        }
        Assert.True(accepted < 2_000, $"{accepted} random buffers parsed");
    }

    [Fact]
    public void Flipped_bytes_never_throw()
    {
        var sketch = new QuantileSketch();
        foreach (var v in SketchTestData.Generate("mixed", 500, 12)) sketch.Add(v);
        var bytes = SketchTestData.Serialize(sketch);
        var random = new Random(12);
        for (var i = 0; i < 5_000; i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
            if (QuantileSketch.TryRead(copy, out var read, out _))
            {
                Assert.False(double.IsNaN(read!.Quantile(0.99)));
            }
        }
    }

    private static void AssertRoundTrip(QuantileSketch sketch)
    {
        var bytes = SketchTestData.Serialize(sketch);
        Assert.Equal(sketch.SerializedSize, bytes.Length);
        Assert.True(QuantileSketch.TryRead(bytes, out var read, out var used));
        Assert.Equal(bytes.Length, used);
        QuantileSketchTests.AssertSameSketch(sketch, read!);
    }
}
