using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BriWatch.ServiceDefaults;

public static class TelemetryExtensions
{
    /// <summary>Every BriWatch service names its ActivitySource and Meter <c>BriWatch.&lt;Service&gt;</c>.</summary>
    public const string SourcePrefix = "BriWatch.";

    /// <summary>The Prometheus scrape endpoint of every service host.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Traces, metrics and logs; exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Metrics are also served
    /// for Prometheus to scrape at <see cref="MetricsPath"/> (mapped by <c>MapDefaultEndpoints</c>).
    /// </summary>
    public static IHostApplicationBuilder AddBriWatchTelemetry(this IHostApplicationBuilder builder)
    {
        // HttpClientFactory logs every request at Information, with a stack trace per failure; services log what matters.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // Every log line carries the trace and span ids of the activity it was written in (shown by the console
        // formatters when Logging:Console:FormatterOptions:IncludeScopes is true, as appsettings.json sets it).
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing
                .AddSource(SourcePrefix + "*")
                .AddSource("MassTransit")
                .AddSource("MongoDB.Driver")
                .AddSource("Quartz")
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health") && !ctx.Request.Path.StartsWithSegments(MetricsPath))
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(SourcePrefix + "*")
                .AddMeter("MassTransit")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return builder;
    }
}
