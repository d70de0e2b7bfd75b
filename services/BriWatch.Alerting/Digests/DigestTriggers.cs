using Quartz;

namespace BriWatch.Alerting.Digests;

/// <summary>
/// The Quartz triggers that send digests, one per subscription: <c>digest.{subscriptionId}</c> in group <c>digests</c>,
/// firing <see cref="SendDigestJob"/> once at the subscription's next digest time. One-shot and re-armed after each fire
/// rather than a cron schedule, because the times come from <see cref="DigestSchedule"/>, which owns the
/// daylight-saving rules. Quartz holds them in memory only; <see cref="DigestTriggerSync"/> rebuilds them from the store.
/// </summary>
public sealed class DigestTriggers(ISchedulerFactory schedulers, ILogger<DigestTriggers> logger)
{
    public const string Group = "digests";

    public const string SubscriptionIdKey = "subscriptionId";

    public static readonly JobKey JobKey = new("send-digest", Group);

    public static TriggerKey KeyFor(string subscriptionId) => new($"digest.{subscriptionId}", Group);

    /// <summary>The next fire time of every armed trigger, by subscription id; null while a trigger is firing.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset?>> ListAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var keys = await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(Group), cancellationToken);
        var armed = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (var trigger in await scheduler.GetTriggers(keys, cancellationToken))
        {
            if (trigger.JobDataMap.GetString(SubscriptionIdKey) is { } subscriptionId)
            {
                armed[subscriptionId] = trigger.NextFireTimeUtc;
            }
        }

        return armed;
    }

    /// <summary>When the subscription's trigger fires next; null when none is armed.</summary>
    public async Task<DateTimeOffset?> NextFireAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return (await scheduler.GetTrigger(KeyFor(subscriptionId), cancellationToken))?.NextFireTimeUtc;
    }

    /// <summary>
    /// Arms the subscription's trigger for <paramref name="fireAt"/>, replacing any it had; null removes it. A time
    /// already past fires at once (misfire: fire now), which is how a digest missed while alerting was down goes out.
    /// </summary>
    public async Task SetAsync(string subscriptionId, DateTimeOffset? fireAt, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (fireAt is not { } at)
        {
            await scheduler.UnscheduleJob(KeyFor(subscriptionId), cancellationToken);
            return;
        }

        var trigger = TriggerBuilder.Create()
            .WithIdentity(KeyFor(subscriptionId))
            .ForJob(JobKey)
            .UsingJobData(SubscriptionIdKey, subscriptionId)
            .StartAt(at)
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        // Stored with the trigger in one replacing write: the job is durable, so it outlives a removed trigger.
        var job = JobBuilder.Create<SendDigestJob>()
            .WithIdentity(JobKey)
            .WithDescription("Sends one subscription's due digest; fired by its digest.{subscriptionId} trigger.")
            .StoreDurably()
            .Build();
        await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    /// <summary>
    /// Makes sure the subscription's trigger fires by <paramref name="dueAt"/>, the due time of an item just held: arms a
    /// missing trigger (alerting has not synced since the subscription was created) or brings a later one forward.
    /// </summary>
    public async Task EnsureFiresByAsync(string subscriptionId, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        try
        {
            if (await NextFireAsync(subscriptionId, cancellationToken) is not { } next || next > dueAt)
            {
                await SetAsync(subscriptionId, dueAt, cancellationToken);
            }
        }
        catch (SchedulerException e)
        {
            // The scheduler stops before the bus when the process shuts down; the item is stored, and the start-up sync arms its trigger.
            logger.LogWarning(e, "Could not arm the digest trigger of subscription {SubscriptionId} for {DueAt}; the next trigger sync will", subscriptionId, dueAt);
        }
    }
}
