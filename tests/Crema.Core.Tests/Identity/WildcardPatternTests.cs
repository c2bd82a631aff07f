using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Crema.Core.Identity;

namespace Crema.Core.Tests.Identity;

public class WildcardPatternTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "metrics/CoffeeShop", true)]
    [InlineData("metrics/*", "metrics/CoffeeShop", true)]
    [InlineData("metrics/*", "metrics/", true)]
    [InlineData("metrics/*", "metric/x", false)]
    [InlineData("alarms/Shop-1-*", "alarms/Shop-1-cpu", true)]
    [InlineData("alarms/Shop-1-*", "alarms/Shop-10-cpu", false)]
    [InlineData("keys/*/CK*", "keys/alice/CKABC", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("*a*a*", "aa", true)]
    [InlineData("*a*a*", "ba", false)]
    [InlineData("metrics/CoffeeShop", "metrics/coffeeshop", false)]
    public void Matches_resources_case_sensitively(string pattern, string input, bool expected)
    {
        Assert.Equal(expected, new WildcardPattern(pattern).IsMatch(input));
    }

    [Theory]
    [InlineData("metrics:*", "METRICS:PUT", true)]
    [InlineData("metrics:Get*", "metrics:getstatistics", true)]
    [InlineData("*:List", "users:list", true)]
    [InlineData("metrics:Get", "metrics:Put", false)]
    public void Matches_actions_case_insensitively(string pattern, string input, bool expected)
    {
        Assert.Equal(expected, new WildcardPattern(pattern, ignoreCase: true).IsMatch(input));
    }

    [Fact]
    public void Agrees_with_a_regex_reference_on_random_patterns_and_inputs()
    {
        var random = new Random(20240611);
        const string patternAlphabet = "abAB:/**??";
        const string inputAlphabet = "abAB:/*?";
        for (var i = 0; i < 20_000; i++)
        {
            var pattern = RandomString(random, patternAlphabet, random.Next(0, 9));
            var input = RandomString(random, inputAlphabet, random.Next(0, 12));
            var ignoreCase = (i & 1) == 1;
            var expected = Reference(pattern, ignoreCase).IsMatch(input);
            Assert.True(expected == new WildcardPattern(pattern, ignoreCase).IsMatch(input),
                $"pattern \"{pattern}\" input \"{input}\" ignoreCase {ignoreCase}: expected {expected}");
        }
    }

    [Fact]
    public void Adversarial_patterns_stay_fast()
    {
        // "a*a*a*…b" against "aaaa…" is the classic exponential case for a backtracking matcher.
        var pattern = new WildcardPattern(string.Concat(Enumerable.Repeat("a*", 50)) + "b");
        var input = new string('a', 10_000);
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < 100; i++) Assert.False(pattern.IsMatch(input));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"took {sw.Elapsed}");
    }

    [Fact]
    public void Reports_literal_and_match_everything()
    {
        Assert.True(new WildcardPattern("**").MatchesEverything);
        Assert.False(new WildcardPattern("*a").MatchesEverything);
        Assert.True(new WildcardPattern("metrics/Shop").IsLiteral);
        Assert.False(new WildcardPattern("metrics/Sho?").IsLiteral);
    }

    private static Regex Reference(string pattern, bool ignoreCase)
    {
        var sb = new StringBuilder("^");
        foreach (var c in pattern)
            sb.Append(c switch { '*' => ".*", '?' => ".", _ => Regex.Escape(c.ToString()) });
        sb.Append('$');
        var options = RegexOptions.Singleline | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        return new Regex(sb.ToString(), options);
    }

    private static string RandomString(Random random, string alphabet, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = alphabet[random.Next(alphabet.Length)];
        return new string(chars);
    }
}
