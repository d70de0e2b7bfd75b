using System.Collections.Concurrent;
using MassTransit;
using RabbitMQ.Client;

namespace BriWatch.ServiceDefaults.Tests;

/// <summary>
/// Two deployments with different <c>Bus:EndpointPrefix</c> values on one RabbitMQ virtual host (BRIWATCH_TEST_RABBITMQ,
/// started by tests/run.sh), each with a consumer of the same event type.
/// </summary>
public sealed class BusIsolationTests : IAsyncLifetime
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private readonly string? broker = Environment.GetEnvironmentVariable("BRIWATCH_TEST_RABBITMQ");
    private readonly List<WebApplication> apps = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string BluePrefix => $"blue-{run}-";

    private string GreenPrefix => $"green-{run}-";

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var app in apps)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }

        if (!string.IsNullOrWhiteSpace(broker))
        {
            await DeleteTopologyAsync(new Uri(broker), [BluePrefix, GreenPrefix]);
        }
    }

    [Fact]
    public async Task Deployments_with_different_prefixes_on_one_virtual_host_never_see_each_others_events()
    {
        if (string.IsNullOrWhiteSpace(broker))
        {
            Assert.Skip("BRIWATCH_TEST_RABBITMQ is not set: run tests/run.sh, which starts RabbitMQ and sets it.");
        }

        var blue = await StartAsync("blue", BluePrefix);
        var green = await StartAsync("green", GreenPrefix);

        // Interleaved, each publish confirmed before the next: every queue is first-in first-out and its consumer takes one
        // message at a time, so once a deployment has its own last event it has also had any of the other's sent before it.
        await PublishAsync(blue, "blue", 1);
        await PublishAsync(green, "green", 1);
        await PublishAsync(blue, "blue", 2);
        await PublishAsync(green, "green", 2);

        var blueSeen = blue.Services.GetRequiredService<Seen>();
        var greenSeen = green.Services.GetRequiredService<Seen>();
        await blueSeen.WaitForAsync(new IsolationProbe("blue", 2));
        await greenSeen.WaitForAsync(new IsolationProbe("green", 2));

        Assert.Equal([new IsolationProbe("blue", 1), new IsolationProbe("blue", 2)], blueSeen.Events);
        Assert.Equal([new IsolationProbe("green", 1), new IsolationProbe("green", 2)], greenSeen.Events);
    }

    private static Task PublishAsync(WebApplication app, string deployment, int sequence) =>
        app.Services.GetRequiredService<IBus>().Publish(new IsolationProbe(deployment, sequence), Ct);

    private async Task<WebApplication> StartAsync(string name, string prefix)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bus:Transport"] = "RabbitMq",
            ["Bus:EndpointPrefix"] = prefix,
            ["ConnectionStrings:RabbitMq"] = broker,
        });
        builder.AddServiceDefaults();
        builder.Services.AddSingleton<Seen>();
        builder.AddConsumer<IsolationProbeConsumer, IsolationProbeConsumerDefinition>();
        builder.AddBusAndScheduler();
        var app = builder.Build();
        apps.Add(app);
        await app.StartAsync(Ct);
        return app;
    }

    /// <summary>Removes both deployments' queues and exchanges, which would otherwise stay on the test virtual host.</summary>
    private static async Task DeleteTopologyAsync(Uri broker, IEnumerable<string> prefixes)
    {
        var factory = new ConnectionFactory { Uri = broker };
        await using var connection = await factory.CreateConnectionAsync(CancellationToken.None);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: CancellationToken.None);
        foreach (var prefix in prefixes)
        {
            await channel.QueueDeleteAsync(prefix + "isolation-probe", ifUnused: false, ifEmpty: false, cancellationToken: CancellationToken.None);
            await channel.ExchangeDeleteAsync(prefix + "isolation-probe", ifUnused: false, cancellationToken: CancellationToken.None);
            await channel.ExchangeDeleteAsync(prefix + "BriWatch.ServiceDefaults.Tests:IsolationProbe", ifUnused: false, cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>The events one deployment's consumer received, in order.</summary>
    public sealed class Seen
    {
        private readonly ConcurrentQueue<IsolationProbe> events = new();

        public IReadOnlyList<IsolationProbe> Events => [.. events];

        public void Add(IsolationProbe probe) => events.Enqueue(probe);

        public async Task WaitForAsync(IsolationProbe probe)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(Deadlines.Event);
            while (!events.Contains(probe))
            {
                try
                {
                    await Task.Delay(50, timeout.Token);
                }
                catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
                {
                    Assert.Fail($"Timed out waiting for {probe}; received {string.Join(", ", events)}.");
                }
            }
        }
    }

    public sealed class IsolationProbeConsumer(Seen seen) : IConsumer<IsolationProbe>
    {
        public Task Consume(ConsumeContext<IsolationProbe> context)
        {
            seen.Add(context.Message);
            return Task.CompletedTask;
        }
    }

    public sealed class IsolationProbeConsumerDefinition : ConsumerDefinition<IsolationProbeConsumer>
    {
        // One at a time, so events are seen in queue order.
        public IsolationProbeConsumerDefinition() => ConcurrentMessageLimit = 1;
    }
}

/// <summary>An event each deployment publishes; top level, so its exchange is named plainly after it.</summary>
public sealed record IsolationProbe(string Deployment, int Sequence);
