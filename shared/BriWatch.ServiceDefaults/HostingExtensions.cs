using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace BriWatch.ServiceDefaults;

public static class HostingExtensions
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <summary>
    /// OpenTelemetry, the liveness check, problem details and the clock, shared by every service. What a service uses of
    /// the application (storage, its stores' readiness check) it registers itself.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddBriWatchTelemetry();

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(), [LiveTag]);

        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>Adds a consumer (and its definition, which holds retry and concurrency) to this process's bus.</summary>
    public static IHostApplicationBuilder AddConsumer<TConsumer, TDefinition>(this IHostApplicationBuilder builder)
        where TConsumer : class, IConsumer
        where TDefinition : class, IConsumerDefinition<TConsumer>
    {
        var consumers = ServiceComposition.Of(builder).Consumers;
        if (!consumers.Exists(c => c.Consumer == typeof(TConsumer)))
        {
            consumers.Add((typeof(TConsumer), typeof(TDefinition)));
        }

        return builder;
    }

    /// <summary>Runs <typeparamref name="TJob"/> every <paramref name="interval"/> on this process's Quartz scheduler.</summary>
    public static IHostApplicationBuilder AddRecurringJob<TJob>(this IHostApplicationBuilder builder, TimeSpan interval)
        where TJob : class, IJob
    {
        var jobs = ServiceComposition.Of(builder).Jobs;
        if (!jobs.Exists(j => j.JobType == typeof(TJob)))
        {
            // The full name is the job's key: services may each have a job of the same name (PurgeExpiredRecordsJob),
            // and the all-in-one host schedules them side by side.
            jobs.Add(new RecurringJob(typeof(TJob), typeof(TJob).FullName ?? typeof(TJob).Name, interval));
        }

        return builder;
    }

    /// <summary>
    /// Registers MassTransit (in-memory or RabbitMQ per <c>Bus:Transport</c>) with every consumer the services added,
    /// and Quartz with every recurring job. Call once, after the services.
    /// </summary>
    public static TBuilder AddBusAndScheduler<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var composition = ServiceComposition.Of(builder);
        builder.Services.AddOptions<BusOptions>()
            .BindConfiguration(BusOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // Read once at registration too: the transport, endpoint names and telemetry are chosen before there is a container to ask.
        var options = builder.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        var rabbitMq = builder.Configuration.GetConnectionString("RabbitMq");
        if (options.Transport == BusTransport.RabbitMq && string.IsNullOrWhiteSpace(rabbitMq))
        {
            throw new InvalidOperationException("Bus:Transport is RabbitMq but ConnectionStrings:RabbitMq is empty; set it to an amqp:// URI.");
        }

        // Hosted services start in order: waiting for the bus keeps the scheduler from publishing before the receive
        // endpoints' queues are bound, when a message would reach no queue (a claimed source would then wait out its lease).
        builder.Services.AddOptions<MassTransitHostOptions>().Configure<IOptions<BusOptions>>((o, bus) =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = bus.Value.StartTimeout;
        });
        builder.Services.AddMassTransit(x =>
        {
            // MassTransit 8.4+ reports usage to its vendor after start-up, and logs a stack trace when it cannot; opt in
            // with Bus:UsageTelemetry=true.
            x.ConfigureUsageTelemetryOptions(o => o.Enabled = options.UsageTelemetry);
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(options.EndpointPrefix, includeNamespace: false));
            foreach (var (consumer, definition) in composition.Consumers)
            {
                x.AddConsumer(consumer, definition);
            }

            if (options.Transport == BusTransport.RabbitMq)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(new Uri(rabbitMq!), h => ApplyCredentials(h, new Uri(rabbitMq!)));
                    if (!string.IsNullOrEmpty(options.EndpointPrefix))
                    {
                        cfg.MessageTopology.SetEntityNameFormatter(new PrefixedEntityNameFormatter(cfg.MessageTopology.EntityNameFormatter, options.EndpointPrefix));
                    }

                    cfg.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
                    cfg.ConfigureEndpoints(context);
                });
            }
        });

        if (composition.Jobs.Count > 0)
        {
            // Quartz keeps schedulers in a process-wide repository by name: two hosts in one process (tests, or any
            // embedding) with the default name would share one scheduler, and one host's jobs would run on the other's
            // services and database. A name per host keeps them apart.
            builder.Services.AddQuartz(q =>
            {
                q.ConfigureScheduler(s => s.InstanceName = $"briwatch-{Guid.NewGuid():N}");
                foreach (var job in composition.Jobs)
                {
                    q.AddJob(job.JobType, j => j.WithIdentity(job.Name));
                    q.AddTrigger(t => t
                        .ForJob(job.Name)
                        .WithIdentity(job.Name + ".trigger")
                        .StartNow()
                        .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(job.Interval).RepeatForever()));
                }
            });
            builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }

        return builder;
    }

    /// <summary>
    /// <c>/health/live</c> answers while the process runs; <c>/health/ready</c> runs every check tagged <see cref="ReadyTag"/>:
    /// the broker's (MassTransit tags its own so), the store's (registered with storage) and what each service adds;
    /// 200 when Healthy or Degraded, 503 when Unhealthy, a JSON report either way. <c>/metrics</c> serves the
    /// OpenTelemetry metrics in Prometheus' text format. All three are anonymous: probes and scrapers carry no API key.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(TelemetryExtensions.MetricsPath).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) }).AllowAnonymous();
        // Degraded keeps the default 200: probes and the container healthcheck read 200 as "keep serving".
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(ReadyTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        }).AllowAnonymous();
        return app;
    }

    private static void ApplyCredentials(IRabbitMqHostConfigurator host, Uri uri)
    {
        if (string.IsNullOrEmpty(uri.UserInfo))
        {
            return;
        }

        var parts = uri.UserInfo.Split(':', 2);
        host.Username(Uri.UnescapeDataString(parts[0]));
        if (parts.Length == 2)
        {
            host.Password(Uri.UnescapeDataString(parts[1]));
        }
    }
}
