using BriWatch.ServiceDefaults;

namespace BriWatch.Alerting;

public static class AlertingServiceExtensions
{
    public static IHostApplicationBuilder AddAlertingServices(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
