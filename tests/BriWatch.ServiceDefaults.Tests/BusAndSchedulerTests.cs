using System.Collections.Concurrent;
using System.Net;
using MassTransit;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Quartz;

namespace BriWatch.ServiceDefaults.Tests;

public sealed class BusAndSchedulerTests
{
    [Fact]
    public void RabbitMq_transport_without_a_connection_string_fails_with_a_message_naming_the_key()
    {
        var builder = Builder(new() { ["Bus:Transport"] = "RabbitMq" });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddBusAndScheduler());

        Assert.Contains("ConnectionStrings:RabbitMq", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consumers_added_by_several_services_share_one_in_memory_bus()
    {
        var builder = Builder([]);
        builder.AddConsumer<PingConsumer, PingConsumerDefinition>();
        builder.AddConsumer<PingConsumer, PingConsumerDefinition>();
        builder.AddConsumer<PongConsumer, PongConsumerDefinition>();
        builder.Services.AddSingleton<Received>();
        builder.AddBusAndScheduler();
        await using var app = builder.Build();
        await app.StartAsync(TestContext.Current.CancellationToken);

        await app.Services.GetRequiredService<IPublishEndpoint>().Publish(new Ping("hello"), TestContext.Current.CancellationToken);

        var received = app.Services.GetRequiredService<Received>();
        Assert.Equal("pong:hello", await received.Pong.Task.WaitAsync(Deadlines.Event, TestContext.Current.CancellationToken));
        Assert.Equal(1, received.PingCount);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(null, "ping")]
    [InlineData("staging-", "staging-ping")]
    public async Task Endpoint_prefix_goes_before_every_queue_name(string? prefix, string expected)
    {
        var builder = Builder(new() { ["Bus:EndpointPrefix"] = prefix });
        builder.AddConsumer<PingConsumer, PingConsumerDefinition>();
        builder.AddBusAndScheduler();
        await using var app = builder.Build();

        Assert.Equal(expected, app.Services.GetRequiredService<IEndpointNameFormatter>().Consumer<PingConsumer>());
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public async Task MassTransit_usage_telemetry_is_off_unless_configured(string? setting, bool enabled)
    {
        var builder = Builder(new() { ["Bus:UsageTelemetry"] = setting });
        builder.AddBusAndScheduler();
        await using var app = builder.Build();

        Assert.Equal(enabled, app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }

    [Fact]
    public async Task Recurring_jobs_run_on_the_shared_scheduler()
    {
        var builder = Builder([]);
        builder.Services.AddSingleton<Received>();
        builder.AddRecurringJob<TickJob>(TimeSpan.FromMilliseconds(100));
        builder.AddBusAndScheduler();
        await using var app = builder.Build();
        await app.StartAsync(TestContext.Current.CancellationToken);

        var received = app.Services.GetRequiredService<Received>();
        await received.Ticked.Task.WaitAsync(Deadlines.Event, TestContext.Current.CancellationToken);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Ready_checks_the_bus_while_live_only_checks_the_process()
    {
        var builder = Builder([]);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddBusAndScheduler();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode);
        var checks = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>>()
            .Value.Registrations.Where(r => r.Tags.Contains(HostingExtensions.ReadyTag)).Select(r => r.Name).ToList();
        Assert.Contains(checks, name => name.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
        // The store's check comes with storage, which each service registers itself.
        Assert.DoesNotContain("store", checks);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    private static WebApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        return builder;
    }

    public sealed record Ping(string Text);

    public sealed record Pong(string Text);

    public sealed class Received
    {
        private int pings;

        public int PingCount => Volatile.Read(ref pings);

        public TaskCompletionSource<string> Pong { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Ticked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void CountPing() => Interlocked.Increment(ref pings);
    }

    public sealed class PingConsumer(Received received) : IConsumer<Ping>
    {
        public Task Consume(ConsumeContext<Ping> context)
        {
            received.CountPing();
            return context.Publish(new Pong("pong:" + context.Message.Text));
        }
    }

    public sealed class PingConsumerDefinition : ConsumerDefinition<PingConsumer>;

    public sealed class PongConsumer(Received received) : IConsumer<Pong>
    {
        public Task Consume(ConsumeContext<Pong> context)
        {
            received.Pong.TrySetResult(context.Message.Text);
            return Task.CompletedTask;
        }
    }

    public sealed class PongConsumerDefinition : ConsumerDefinition<PongConsumer>;

    public sealed class TickJob(Received received) : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            received.Ticked.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
