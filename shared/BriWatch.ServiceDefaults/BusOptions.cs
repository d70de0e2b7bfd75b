namespace BriWatch.ServiceDefaults;

/// <summary>Bound from the <c>Bus</c> configuration section.</summary>
public sealed class BusOptions
{
    public const string Section = "Bus";

    /// <summary><c>InMemory</c> (one process, the all-in-one host) or <c>RabbitMq</c> (amqp URI in <c>ConnectionStrings:RabbitMq</c>).</summary>
    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    /// <summary>
    /// Put before every queue name and, on RabbitMQ, every message-type exchange name (e.g. <c>staging-</c> gives
    /// <c>staging-crawl-source</c> and <c>staging-BriWatch.Contracts:CrawlSource</c>), so deployments or test runs sharing
    /// one broker and virtual host neither share queues nor see each other's messages. None by default.
    /// </summary>
    public string? EndpointPrefix { get; set; }

    /// <summary>How long start-up waits for the broker before the service fails to start.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many messages each receive endpoint handles at once unless its definition says otherwise.</summary>
    public int ConcurrentMessageLimit { get; set; } = 8;

    /// <summary>Send MassTransit's anonymous usage telemetry to its vendor; off by default.</summary>
    public bool UsageTelemetry { get; set; }
}

public enum BusTransport
{
    InMemory,
    RabbitMq,
}
