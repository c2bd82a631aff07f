namespace Crema.Server.Tests.Browser;

/// <summary>Browser tests share one Chromium and one running demo, and run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<ConsoleUnderTest>
{
    public const string Name = "Browser (console)";
}
