using BriWatch.ServiceDefaults;

namespace BriWatch.Classifier;

public static class ClassifierServiceExtensions
{
    public static IHostApplicationBuilder AddClassifierServices(this IHostApplicationBuilder builder)
    {
        return builder;
    }
}
