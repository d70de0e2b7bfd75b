using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BriWatch.Storage.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="RetentionOptions"/> (at start-up), and returns them read once, for the purge
    /// job's interval, which is needed while registering. Safe to call from every service that purges: in one process
    /// the options are registered once.
    /// </summary>
    public static RetentionOptions AddRetentionOptions(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>() ?? new RetentionOptions();
        if (options.Error() is { } error)
        {
            throw new InvalidOperationException($"Invalid {RetentionOptions.Section} options: {error}");
        }

        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<RetentionOptions>)))
        {
            services.AddOptions<RetentionOptions>()
                .BindConfiguration(RetentionOptions.Section)
                .ValidateDataAnnotations()
                .Validate(o => o.Error() is null, $"Invalid {RetentionOptions.Section} options")
                .ValidateOnStart();
        }

        return options;
    }
}
