namespace BriWatch.Testing;

/// <summary>
/// How long a test waits for something that must happen. Generous on purpose: on a loaded 2-core CI machine a host can
/// take many seconds to handle a message, and a wait that ends early fails a correct system. A wait returns as soon as
/// its event arrives, so a long deadline costs nothing when the system is quick.
/// </summary>
public static class Deadlines
{
    public static readonly TimeSpan Event = TimeSpan.FromMinutes(2);
}
