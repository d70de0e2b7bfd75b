namespace BriWatch.Storage.Subscriptions;

/// <summary>
/// Local wall-clock hours, in the subscription's time zone, during which instant alerts wait. <see cref="End"/> before
/// <see cref="Start"/> wraps midnight (22:00–07:00); the start is inside the quiet period, the end is not.
/// </summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>True when the local <paramref name="time"/> falls inside the quiet period.</summary>
    public bool Contains(TimeOnly time) =>
        Start <= End ? time >= Start && time < End : time >= Start || time < End;
}
