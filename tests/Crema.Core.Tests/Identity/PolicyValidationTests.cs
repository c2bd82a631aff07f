using Crema.Core.Identity;

namespace Crema.Core.Tests.Identity;

public class PolicyValidationTests
{
    private static PolicyStatement S(string[] actions, string[] resources, PolicyEffect effect = PolicyEffect.Allow) => new(effect, actions, resources);

    [Fact]
    public void Accepts_wildcards_that_match_known_actions()
    {
        Assert.Null(PolicyValidation.Validate([
            S(["*", "metrics:*", "metrics:Get*", "*:List", "alarms:?ut"], ["*", "metrics/CoffeeShop", "alarms/Shop-1-*", "keys/${user}/*"]),
            S(["users:Create"], ["users/*"], PolicyEffect.Deny),
        ]));
    }

    [Theory]
    [InlineData(new[] { "metrics:Get" }, new[] { "metrics" }, "statements[1].resources[0]: \"metrics\" is not kind/name")]
    [InlineData(new[] { "metrics:Get", "metrics" }, new[] { "*" }, "statements[1].actions[1]: \"metrics\" is not service:Verb")]
    [InlineData(new[] { "metrics:Delete" }, new[] { "*" }, "statements[1].actions[0]: \"metrics:Delete\" matches no known action")]
    [InlineData(new[] { "metrics:Get:x" }, new[] { "*" }, "statements[1].actions[0]: \"metrics:Get:x\" is not service:Verb")]
    [InlineData(new[] { "metrics:" }, new[] { "*" }, "statements[1].actions[0]: \"metrics:\" is not service:Verb")]
    [InlineData(new[] { "" }, new[] { "*" }, "statements[1].actions[0]: must not be empty")]
    [InlineData(new string[0], new[] { "*" }, "statements[1].actions: at least one action is required")]
    [InlineData(new[] { "metrics:Get" }, new string[0], "statements[1].resources: at least one resource is required")]
    [InlineData(new[] { "metrics:Get" }, new[] { "keys/${username}/*" }, "statements[1].resources[0]: \"keys/${username}/*\" uses an unknown variable")]
    [InlineData(new[] { "metrics:Get" }, new[] { "metrics/Coffee Shop" }, "statements[1].resources[0]: \"metrics/Coffee Shop\" must not contain spaces")]
    [InlineData(new[] { "metrics:Get" }, new[] { "Metrics/x" }, "statements[1].resources[0]: \"Metrics/x\" is not kind/name")]
    public void Names_the_field_path_and_the_rule(string[] actions, string[] resources, string expectedStart)
    {
        var error = PolicyValidation.Validate([S(["metrics:Put"], ["metrics/*"]), S(actions, resources)]);
        Assert.NotNull(error);
        Assert.StartsWith(expectedStart, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_empty_lists_and_null_statements()
    {
        Assert.Equal("statements: at least one statement is required", PolicyValidation.Validate([]));
        Assert.Equal("statements[0]: must not be null", PolicyValidation.Validate([null!]));
        Assert.Equal("statements[0].effect: must be Allow or Deny", PolicyValidation.Validate([S(["*"], ["*"], (PolicyEffect)7)]));
    }

    [Fact]
    public void Catalog_knows_the_listed_actions_case_insensitively()
    {
        Assert.True(ActionCatalog.IsKnown("metrics:Put"));
        Assert.True(ActionCatalog.IsKnown("AUDIT:getpublickey"));
        Assert.False(ActionCatalog.IsKnown("metrics:*"));
        Assert.False(ActionCatalog.IsKnown("topics:*"));
        Assert.Equal(ActionCatalog.All.Count, ActionCatalog.All.Select(a => a.Name.ToUpperInvariant()).Distinct().Count());
        foreach (var a in ActionCatalog.All)
        {
            Assert.Null(PolicyValidation.Validate([S([a.Name], ["*"])]));
            Assert.False(string.IsNullOrWhiteSpace(a.Description));
        }
        Assert.True(ActionCatalog.Find("metrics:Get")!.ReadOnly);
        Assert.False(ActionCatalog.Find("metrics:Put")!.ReadOnly);
        Assert.Equal("alarms", ActionCatalog.Find("alarms:SetState")!.Service);
    }
}
