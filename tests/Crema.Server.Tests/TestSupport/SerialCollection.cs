namespace Crema.Server.Tests.TestSupport;

/// <summary>Tests that measure time run alone, after the parallel ones, so other tests do not skew the figures.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial (timing)";
}
