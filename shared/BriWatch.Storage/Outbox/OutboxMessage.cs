namespace BriWatch.Storage.Outbox;

/// <summary>
/// An event a stage has recorded but whose consumer has not yet finished with it. It is published by the relay, and
/// published again each time <see cref="DueAt"/> passes while it is still here: only the consumer removes it
/// (<see cref="IOutboxStore.CompleteAsync"/>), after its own durable write.
/// </summary>
/// <param name="Id">The event's natural key (e.g. <c>ArticleDiscovered/{articleId}</c>): recording it again is a no-op.</param>
/// <param name="Type">The message type's name, which the relay maps back to a contract type.</param>
/// <param name="Payload">The message as JSON (web defaults: camelCase).</param>
/// <param name="CreatedAt">When the stage recorded it; the backlog's age is measured from here.</param>
/// <param name="DueAt">When the relay (next) publishes it: at once when new, the redelivery timeout after each publish.</param>
/// <param name="Publications">How many times the relay has claimed it for publishing.</param>
/// <param name="TraceParent">
/// The W3C trace context of the step that recorded it, so the relay's publish continues that trace (an article is
/// followed from fetch to alert) although it happens later, on another flow; null when nothing was traced.
/// </param>
public sealed record OutboxMessage(string Id, string Type, string Payload, DateTimeOffset CreatedAt, DateTimeOffset DueAt, int Publications, string? TraceParent = null)
{
    /// <summary>A new event, due at once.</summary>
    public static OutboxMessage New(string id, string type, string payload, DateTimeOffset now, string? traceParent = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(payload);
        return new OutboxMessage(id, type, payload, now, now, 0, traceParent);
    }
}
