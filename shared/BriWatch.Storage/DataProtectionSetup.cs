using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BriWatch.Storage;

/// <summary>Bound from the <c>DataProtection</c> configuration section.</summary>
public sealed class DataProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>
    /// The key ring's directory, shared by every service and replica (the all-in-one host defaults it to a folder next to
    /// its SQLite database). Without it, ASP.NET Core's per-user default is used, which only works while every service
    /// runs as the same user on one machine with a persistent home directory.
    /// </summary>
    public string? KeyRingPath { get; set; }
}

/// <summary>
/// The process's one Data Protection key ring: it encrypts webhook secrets at rest and the dashboard's session and
/// antiforgery cookies. Set up with storage because stored secrets cannot be read without it.
/// </summary>
public static class DataProtectionSetup
{
    /// <summary>
    /// Fixed rather than each service's own name: the application name isolates key rings, so the API (which encrypts a
    /// secret) and alerting (which decrypts it), and every replica of either, must all use the same one.
    /// </summary>
    public const string ApplicationName = "BriWatch";

    internal static void AddBriWatchDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName);
        var path = configuration.GetSection(DataProtectionOptions.Section).Get<DataProtectionOptions>()?.KeyRingPath;
        if (!string.IsNullOrWhiteSpace(path))
        {
            // Created when the first key is written, not here: a service that never needs a key leaves no folder behind.
            builder.PersistKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(path)));
        }
    }
}
