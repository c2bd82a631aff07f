using Crema.Client.Contracts;
using Crema.Server.Tests.Notifications;
using Crema.Server.Tests.TestSupport;

namespace Crema.Server.Tests.Advisor;

/// <summary>A check whose status changes tells the configured topic, once, naming the check and both statuses.</summary>
public sealed class AdvisorNotificationTests
{
    [Fact]
    public async Task A_status_change_is_published_to_the_notify_topic_and_an_unchanged_status_is_not()
    {
        await using var server = await CremaTestServer.StartAsync(null, null, "--Advisor:NotifyTopic", "advisor-news");
        await server.Client.CreateTopicAsync(new CreateTopicRequest { Name = "advisor-news" });
        await NotificationHarness.SubscribeAsync(server, "advisor-news", "log", "advisor-log");
        const string check = "operational-excellence-alarms-without-actions";
        await server.Client.RunAdvisorChecksAsync(check);
        await server.Client.RunAdvisorChecksAsync(check);
        Assert.Empty((await server.Client.ListDeliveriesAsync("advisor-news")).Deliveries);

        await server.Client.PutMetricAlarmAsync("silent", new PutMetricAlarmRequest
        {
            Namespace = "AdvisorNews", MetricName = "Wait", Statistic = "Average", Period = 60, EvaluationPeriods = 1, Threshold = 1, ComparisonOperator = ">",
        });
        await server.Client.RunAdvisorChecksAsync(check);
        await server.Client.RunAdvisorChecksAsync(check);
        var delivery = Assert.Single((await server.Client.ListDeliveriesAsync("advisor-news")).Deliveries);
        Assert.Equal(("Advisor", check), (delivery.SourceType, delivery.SourceName));
        Assert.Equal("Advisor: Alarms without actions is Yellow (was Green)", delivery.Subject);
    }
}
