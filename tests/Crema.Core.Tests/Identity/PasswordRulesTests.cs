using Crema.Core.Identity;

namespace Crema.Core.Tests.Identity;

public class PasswordRulesTests
{
    [Theory]
    [InlineData("short", "at least 12")]
    [InlineData("elevenchars", "at least 12")]
    [InlineData("aaaaaaaaaaaaaaaa", "single character")]
    [InlineData("password123456", "commonly used")]
    [InlineData("qwertyuiop12", "commonly used")]
    [InlineData("PASSWORD123456!", "commonly used")]
    [InlineData("changeme12345", "commonly used")]
    [InlineData("admin1234567!", "commonly used")]
    [InlineData("123456789012", "commonly used")]
    public void Refuses_weak_passwords_with_a_reason(string password, string expected)
    {
        var error = PasswordRules.Validate(password, "barista");
        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.StartsWith("password:", error, StringComparison.Ordinal);
        Assert.True(PasswordRules.IsWeak(password, "barista"));
    }

    [Theory]
    [InlineData("alice-the-barista", "Alice")]
    [InlineData("my name is bob!!", "bob")]
    public void Refuses_passwords_containing_the_user_name(string password, string user)
    {
        Assert.Equal("password: must not contain the user name.", PasswordRules.Validate(password, user));
    }

    [Fact]
    public void Refuses_a_password_equal_to_the_user_name()
    {
        Assert.Equal("password: must not be the user name.", PasswordRules.Validate("coffee-roaster-1", "Coffee-Roaster-1"));
    }

    [Fact]
    public void Very_short_user_names_do_not_forbid_containing_them()
    {
        Assert.Null(PasswordRules.Validate("valid and long passphrase", "al"));
    }

    [Theory]
    [InlineData("correct horse battery")]
    [InlineData("Espresso-Machine-42")]
    [InlineData("tr0ub4dor&3-milk")]
    public void Accepts_reasonable_passwords(string password)
    {
        Assert.Null(PasswordRules.Validate(password, "alice"));
        Assert.Null(PasswordRules.Validate(password, null));
        Assert.False(PasswordRules.IsWeak(password, "alice"));
    }

    [Fact]
    public void Built_in_list_has_about_a_hundred_entries_and_the_defaults()
    {
        Assert.InRange(CommonPasswords.Count, 100, 200);
        foreach (var p in new[] { "changeme", "admin", "password", "password123456", "qwertyuiop12" })
            Assert.True(CommonPasswords.Contains(p), p);
    }
}
