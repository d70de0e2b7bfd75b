using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler.Fetching;

/// <summary>
/// Politeness: at most one request at a time per host, and at least <see cref="CrawlerOptions.PerHostDelay"/> between the
/// end of one request and the start of the next. Shared by all consumers in the process.
/// </summary>
public sealed class HostGate(TimeProvider time, IOptions<CrawlerOptions> options)
{
    private readonly ConcurrentDictionary<string, HostSlot> slots = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Waits for the host's turn; dispose the result when the request is over.</summary>
    public async Task<HostTurn> EnterAsync(string host, CancellationToken cancellationToken)
    {
        var slot = slots.GetOrAdd(host, _ => new HostSlot());
        await slot.Lock.WaitAsync(cancellationToken);
        try
        {
            var wait = slot.NextAllowed - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
        }
        catch
        {
            slot.Lock.Release();
            throw;
        }

        return new HostTurn(this, slot);
    }

    private void Leave(HostSlot slot, TimeSpan? requestedDelay)
    {
        var delay = options.Value.PerHostDelay;
        slot.NextAllowed = time.GetUtcNow() + (requestedDelay > delay ? requestedDelay.Value : delay);
        slot.Lock.Release();
    }

    private sealed class HostSlot
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public DateTimeOffset NextAllowed { get; set; }
    }

    /// <summary>One request's turn at a host.</summary>
    public sealed class HostTurn : IDisposable
    {
        private readonly HostGate gate;
        private readonly object slot;
        private TimeSpan? requestedDelay;
        private int released;

        internal HostTurn(HostGate gate, object slot)
        {
            this.gate = gate;
            this.slot = slot;
        }

        /// <summary>The host asked for a longer pause before the next request (robots.txt Crawl-delay).</summary>
        public void RequestDelay(TimeSpan delay) => requestedDelay = delay;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.Leave((HostSlot)slot, requestedDelay);
            }
        }
    }
}
