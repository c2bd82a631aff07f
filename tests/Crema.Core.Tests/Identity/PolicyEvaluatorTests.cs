using Crema.Core.Identity;

namespace Crema.Core.Tests.Identity;

public class PolicyEvaluatorTests
{
    private static PolicyStatement Allow(string action, string resource) => new(PolicyEffect.Allow, [action], [resource]);

    private static PolicyStatement Deny(string action, string resource) => new(PolicyEffect.Deny, [action], [resource]);

    [Fact]
    public void Explicit_deny_wins_over_allow_in_any_order()
    {
        var allow = Allow("metrics:*", "*");
        var deny = Deny("metrics:Put", "metrics/Prometheus");
        foreach (var statements in new[] { new[] { allow, deny }, new[] { deny, allow } })
        {
            var decision = PolicyEvaluator.Evaluate(statements, "metrics:Put", "metrics/Prometheus");
            Assert.False(decision.Allowed);
            Assert.Contains("denies metrics:Put on metrics/Prometheus", decision.Reason, StringComparison.Ordinal);
            Assert.True(PolicyEvaluator.Evaluate(statements, "metrics:Put", "metrics/CoffeeShop").Allowed);
        }
    }

    [Fact]
    public void Deny_in_one_role_wins_over_allow_in_another()
    {
        var roles = new[]
        {
            new RolePolicy("everything", [Allow("*", "*")]),
            new RolePolicy("no-user-admin", [Deny("users:*", "*")]),
        };
        var decision = PolicyEvaluator.Evaluate(roles, "users:Create", "users/bob");
        Assert.False(decision.Allowed);
        Assert.Equal("denied by role no-user-admin: statements[0] denies users:Create on users/bob", decision.Reason);
        Assert.True(PolicyEvaluator.Evaluate(roles, "metrics:Get", "metrics/x").Allowed);
    }

    [Fact]
    public void Nothing_matching_is_an_implicit_deny()
    {
        Assert.False(PolicyEvaluator.Evaluate(Array.Empty<PolicyStatement>(), "metrics:Get", "metrics/x").Allowed);
        var decision = PolicyEvaluator.Evaluate([Allow("metrics:Get", "metrics/Other")], "metrics:Get", "metrics/CoffeeShop");
        Assert.False(decision.Allowed);
        Assert.Equal("denied: no statement allows metrics:Get on metrics/CoffeeShop", decision.Reason);
        var none = PolicyEvaluator.Evaluate(Array.Empty<RolePolicy>(), "metrics:Get", "metrics/CoffeeShop");
        Assert.False(none.Allowed);
        Assert.Contains("no roles", none.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ingest_only_may_put_but_not_get()
    {
        IReadOnlyList<RolePolicy> roles = [BuiltInRoles.IngestOnly];
        Assert.True(PolicyEvaluator.Evaluate(roles, "metrics:Put", "metrics/CoffeeShop").Allowed);
        var get = PolicyEvaluator.Evaluate(roles, "metrics:Get", "metrics/CoffeeShop");
        Assert.False(get.Allowed);
        Assert.Equal("denied by role ingest-only: no statement allows metrics:Get on metrics/CoffeeShop", get.Reason);
        Assert.False(PolicyEvaluator.Evaluate(roles, "metrics:Put", "alarms/x").Allowed);
    }

    [Fact]
    public void Viewer_reads_but_cannot_put()
    {
        IReadOnlyList<RolePolicy> roles = [BuiltInRoles.Viewer];
        Assert.True(PolicyEvaluator.Evaluate(roles, "metrics:Get", "metrics/CoffeeShop", "vera").Allowed);
        Assert.True(PolicyEvaluator.Evaluate(roles, "alarms:Describe", "alarms/Shop-1-cpu", "vera").Allowed);
        Assert.False(PolicyEvaluator.Evaluate(roles, "metrics:Put", "metrics/CoffeeShop", "vera").Allowed);
        Assert.False(PolicyEvaluator.Evaluate(roles, "alarms:Put", "alarms/Shop-1-cpu", "vera").Allowed);
        Assert.False(PolicyEvaluator.Evaluate(roles, "audit:Lookup", "audit/trail", "vera").Allowed);
    }

    [Fact]
    public void Viewer_role_allows_only_read_only_actions_outside_own_keys()
    {
        foreach (var action in ActionCatalog.All)
        {
            var allowed = PolicyEvaluator.Evaluate([BuiltInRoles.Viewer], action.Name, "metrics/CoffeeShop", "vera").Allowed;
            if (allowed) Assert.True(action.ReadOnly, action.Name);
        }
    }

    [Fact]
    public void Operator_cannot_manage_users_roles_or_other_peoples_keys()
    {
        IReadOnlyList<RolePolicy> roles = [BuiltInRoles.Operator];
        foreach (var action in new[] { "users:Create", "users:Update", "users:Delete", "users:ResetMfa", "roles:Create", "roles:Update", "roles:Delete" })
            Assert.False(PolicyEvaluator.Evaluate(roles, action, "users/bob", "olga").Allowed, action);
        Assert.True(PolicyEvaluator.Evaluate(roles, "users:List", "users/bob", "olga").Allowed);
        Assert.True(PolicyEvaluator.Evaluate(roles, "alarms:Put", "alarms/x", "olga").Allowed);
        Assert.True(PolicyEvaluator.Evaluate(roles, "admin:Flush", "admin/server", "olga").Allowed);
        Assert.True(PolicyEvaluator.Evaluate(roles, "keys:Rotate", "keys/olga/CKAAAA", "olga").Allowed);
        Assert.False(PolicyEvaluator.Evaluate(roles, "keys:Rotate", "keys/bob/CKAAAA", "olga").Allowed);
    }

    [Fact]
    public void Admin_may_do_everything_known()
    {
        foreach (var action in ActionCatalog.All)
            Assert.True(PolicyEvaluator.Evaluate([BuiltInRoles.Admin], action.Name, "users/anyone", null).Allowed);
    }

    [Fact]
    public void User_variable_fails_closed_without_a_safe_user_name()
    {
        IReadOnlyList<RolePolicy> roles = [new RolePolicy("own", [Allow("keys:*", "keys/${user}/*"), Deny("keys:Delete", "keys/${user}/locked-*")])];
        Assert.True(PolicyEvaluator.Evaluate(roles, "keys:Delete", "keys/alice/CK1", "alice").Allowed);
        Assert.False(PolicyEvaluator.Evaluate(roles, "keys:Delete", "keys/alice/locked-1", "alice").Allowed);
        Assert.False(PolicyEvaluator.Evaluate(roles, "keys:Delete", "keys/alice/CK1", null).Allowed);
        // A name with wildcards must not widen an Allow to everyone's keys.
        Assert.False(PolicyEvaluator.Evaluate(roles, "keys:Delete", "keys/bob/CK1", "*").Allowed);
        Assert.False(PolicyEvaluator.Evaluate(roles, "keys:Delete", "keys/bob/CK1", "b?b").Allowed);
    }

    [Fact]
    public void Compiled_policy_gives_the_same_decisions_as_direct_evaluation()
    {
        var random = new Random(6238);
        var users = new[] { "alice", "bob", "olga" };
        var resources = new[] { "metrics/CoffeeShop", "metrics/Prometheus", "users/alice", "users/bob", "keys/alice/CK1", "keys/bob/CK2", "alarms/Shop-1-cpu", "admin/server" };
        foreach (var user in users)
        {
            foreach (var role in BuiltInRoles.All)
            {
                IReadOnlyList<RolePolicy> roles = [role, new RolePolicy("extra", [Deny("metrics:Put", "metrics/Prometheus")])];
                var compiled = PolicyEvaluator.Compile(roles, user);
                for (var i = 0; i < 200; i++)
                {
                    var action = ActionCatalog.All[random.Next(ActionCatalog.All.Count)].Name;
                    var resource = resources[random.Next(resources.Length)];
                    Assert.Equal(PolicyEvaluator.Evaluate(roles, action, resource, user), compiled.Evaluate(action, resource));
                }
            }
        }
    }

    [Fact]
    public void Built_in_roles_are_valid_findable_and_described()
    {
        Assert.Equal(["admin", "operator", "viewer", "ingest-only"], BuiltInRoles.All.Select(r => r.RoleName));
        foreach (var role in BuiltInRoles.All)
        {
            Assert.Null(PolicyValidation.Validate(role.Statements));
            Assert.False(string.IsNullOrWhiteSpace(role.Description));
            Assert.Same(role, BuiltInRoles.Find(role.RoleName.ToUpperInvariant()));
        }
        Assert.Null(BuiltInRoles.Find("root"));
    }
}
