namespace Crema.Server.Tests.Browser;

public sealed class DemoTimeZoneTests
{
    [Fact]
    public void At_every_hour_of_the_day_the_browser_demo_runs_where_it_is_1_pm()
    {
        var day = new DateTime(2026, 11, 26, 0, 30, 0, DateTimeKind.Utc);
        for (var h = 0; h < 24; h++)
        {
            var utc = day.AddHours(h);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(ConsoleUnderTest.ZoneWhereItIsEarlyAfternoon(utc));
            Assert.Equal(13, TimeZoneInfo.ConvertTimeFromUtc(utc, zone).Hour);
        }
    }
}
