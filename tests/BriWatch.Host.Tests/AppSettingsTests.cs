using System.Text.Json.Nodes;
using BriWatch.Host.Tests.Support;

namespace BriWatch.Host.Tests;

/// <summary>The appsettings.json every service and the all-in-one host ship.</summary>
public sealed class AppSettingsTests
{
    public static TheoryData<string> Services => ["BriWatch.Crawler", "BriWatch.Classifier", "BriWatch.Alerting", "BriWatch.Api"];

    /// <summary>The host's output holds one of the referenced services' copies (whichever the build picks), so they must not differ.</summary>
    [Theory]
    [MemberData(nameof(Services))]
    public void Each_service_ships_the_same_appsettings_as_the_all_in_one_host(string service)
    {
        var host = File.ReadAllText(Path.Combine(Repository.Root, "services", "BriWatch.Host", "appsettings.json"));

        Assert.Equal(host, File.ReadAllText(Path.Combine(Repository.Root, "services", service, "appsettings.json")));
    }

    [Fact]
    public void Shipped_defaults_keep_request_bus_and_scheduler_logging_at_warning_and_show_scopes()
    {
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")))!["Logging"]!;

        foreach (var category in new[] { "Microsoft.AspNetCore", "MassTransit", "Quartz" })
        {
            Assert.Equal("Warning", settings["LogLevel"]![category]!.GetValue<string>());
        }

        Assert.Equal("simple", settings["Console"]!["FormatterName"]!.GetValue<string>());
        Assert.True(settings["Console"]!["FormatterOptions"]!["IncludeScopes"]!.GetValue<bool>());
    }
}
