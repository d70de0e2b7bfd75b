using System.ComponentModel;
using System.Reflection;
using BriWatch.Alerting;
using BriWatch.Alerting.Alerts;
using BriWatch.Api;
using BriWatch.Classifier;
using BriWatch.Crawler;
using BriWatch.ServiceDefaults;
using BriWatch.Storage;
using Microsoft.Extensions.Logging;

namespace BriWatch.Host.Tests.Support;

/// <summary>
/// Whether an environment variable (<c>Section__Key</c>) set by a deployment file reaches a real option. The options
/// classes are found, not listed: every class of the services' assemblies with a <c>public const string Section</c>
/// (BusOptions, StorageOptions, CrawlerOptions…), so a renamed or new option is checked without editing this file.
/// </summary>
internal static class ConfigurationKeys
{
    /// <summary>The names the code reads with <c>GetConnectionString</c>.</summary>
    public static readonly IReadOnlySet<string> ConnectionStrings = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "RabbitMq", "Mongo" };

    /// <summary>Read by the platform (ASP.NET Core, the .NET runtime, the OpenTelemetry SDK), not by BriWatch's options.</summary>
    private static readonly string[] PlatformPrefixes = ["ASPNETCORE_", "DOTNET_", "OTEL_"];

    private static readonly Assembly[] ServiceAssemblies =
    [
        typeof(BusOptions).Assembly,
        typeof(StorageOptions).Assembly,
        typeof(CrawlerOptions).Assembly,
        typeof(ClassifierOptions).Assembly,
        typeof(AlertingOptions).Assembly,
        typeof(ApiOptions).Assembly,
    ];

    public static IReadOnlyDictionary<string, Type> OptionSections { get; } = FindOptionSections();

    /// <summary>Null when <paramref name="key"/> binds (and <paramref name="value"/>, when known, converts); else why not.</summary>
    public static string? Problem(string key, string? value)
    {
        if (PlatformPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
        {
            return null;
        }

        var path = key.Split("__");
        switch (path[0])
        {
            case "ConnectionStrings":
                return path.Length == 2 && ConnectionStrings.Contains(path[1]) ? null : $"{key} is not a connection string the code reads";
            case "Logging":
                return path is [_, "LogLevel", _] && value is not null && !Enum.TryParse<LogLevel>(value, out _)
                    ? $"{key}: '{value}' is not a log level"
                    : null;
        }

        return OptionSections.TryGetValue(path[0], out var type)
            ? Binds(type, path[1..], value, key)
            : $"{key} names no options section (known: {string.Join(", ", OptionSections.Keys)})";
    }

    private static string? Binds(Type type, string[] path, string? value, string key)
    {
        if (path.Length == 0)
        {
            return $"{key} names a whole section, not a setting";
        }

        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null || !property.CanWrite)
        {
            return $"{key}: {type.Name} has no settable property {path[0]}";
        }

        if (path.Length > 1)
        {
            return Binds(property.PropertyType, path[1..], value, key);
        }

        var target = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return value is null || TypeDescriptor.GetConverter(target).IsValid(value) ? null : $"{key}: '{value}' is not a valid {target.Name}";
    }

    private static Dictionary<string, Type> FindOptionSections()
    {
        var sections = new Dictionary<string, Type>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in ServiceAssemblies.SelectMany(a => a.GetTypes()))
        {
            var field = type.GetField("Section", BindingFlags.Public | BindingFlags.Static);
            if (field is { IsLiteral: true } && field.GetRawConstantValue() is string section)
            {
                sections.Add(section, type);
            }
        }

        return sections;
    }
}
