using BriWatch.Alerting.Dispatch;

namespace BriWatch.Alerting.Tests;

public sealed class RetryScheduleTests
{
    // Written out rather than read from RetrySchedule.Delays, so changing a step of the documented schedule fails here.
    private static readonly TimeSpan[] DocumentedSteps =
    [
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(14),
    ];

    [Fact]
    public void The_schedule_is_the_documented_one()
    {
        Assert.Equal(DocumentedSteps, RetrySchedule.Delays);
    }

    [Fact]
    public void Each_delay_stays_within_ten_percent_of_its_step()
    {
        var schedule = new RetrySchedule(new Random(7));
        for (var attempts = 1; attempts < RetrySchedule.MaxAttempts; attempts++)
        {
            var step = DocumentedSteps[attempts - 1];
            for (var i = 0; i < 100; i++)
            {
                Assert.InRange(schedule.NextDelay(attempts, null)!.Value, step * 0.9, step * 1.1);
            }
        }
    }

    [Fact]
    public void No_delay_is_left_after_the_ninth_attempt()
    {
        Assert.Equal(9, RetrySchedule.MaxAttempts);
        Assert.Null(new RetrySchedule().NextDelay(9, null));
    }

    [Fact]
    public void Retry_After_longer_than_the_step_wins_and_is_capped_at_a_day()
    {
        var schedule = new RetrySchedule();

        Assert.Equal(TimeSpan.FromMinutes(2), schedule.NextDelay(1, TimeSpan.FromMinutes(2)));
        Assert.Equal(TimeSpan.FromDays(1), schedule.NextDelay(1, TimeSpan.FromDays(365)));
        Assert.InRange(schedule.NextDelay(2, TimeSpan.FromSeconds(1))!.Value, TimeSpan.FromMinutes(4.5), TimeSpan.FromMinutes(5.5));
    }
}
