using System.Diagnostics;
using System.Text.Json;
using MassTransit;

namespace BriWatch.Storage.Outbox;

/// <summary>How events go into the outbox and how their consumers finish with them.</summary>
public static class OutboxEvents
{
    /// <summary>The header the relay sets to the event's outbox id; its consumer completes that id.</summary>
    public const string IdHeader = "BriWatch-Outbox-Id";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The outbox record of <paramref name="message"/>, keyed <c>{type}/{naturalKey}</c>, due at once. The type is stored
    /// as <c>FullName, Assembly</c> without a version, so any process with the contracts can publish it after an upgrade.
    /// </summary>
    public static OutboxMessage For<T>(string naturalKey, T message, DateTimeOffset now)
        where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(naturalKey);
        ArgumentNullException.ThrowIfNull(message);
        var traceParent = Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;
        return OutboxMessage.New($"{typeof(T).Name}/{naturalKey}", TypeName(typeof(T)), JsonSerializer.Serialize(message, Json), now, traceParent);
    }

    /// <summary>
    /// Completes the outbox event <paramref name="context"/> carries, if any: call it after the consumer's own durable
    /// writes, so a crash before it gets the event published again. Idempotent.
    /// </summary>
    public static async Task CompleteAsync(this ConsumeContext context, IOutboxStore outbox)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(outbox);
        if (context.Headers.Get<string>(IdHeader) is { Length: > 0 } id)
        {
            await outbox.CompleteAsync(id, context.CancellationToken);
        }
    }

    internal static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
