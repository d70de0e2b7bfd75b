using System.Globalization;
using System.Text.RegularExpressions;

namespace BriWatch.Host.Tests.Support;

/// <summary>What deploy/Service.Dockerfile, the image of every service, says about ports, user and healthcheck.</summary>
internal static partial class ServiceDockerfile
{
    public const string RelativePath = "deploy/Service.Dockerfile";

    public static string Text { get; } = File.ReadAllText(Path.Combine(Repository.Root, RelativePath));

    /// <summary>The ASPNETCORE_URLS the image sets, which Kestrel listens on unless a deployment overrides it.</summary>
    public static string AspNetCoreUrls => Match(EnvUrls(), "ENV ASPNETCORE_URLS");

    /// <summary>The HEALTHCHECK instruction with its continuation lines joined.</summary>
    public static string Healthcheck => Match(HealthcheckInstruction(), "HEALTHCHECK").Replace("\\\n", " ", StringComparison.Ordinal);

    /// <summary>Where the image puts <paramref name="source"/> (a path relative to the repository), if it copies it.</summary>
    public static string? CopyTarget(string source)
    {
        var copy = CopyInstruction().Matches(Text).FirstOrDefault(m => m.Groups["source"].Value == source);
        return copy?.Groups["target"].Value;
    }

    /// <summary>The port of the first URL in an ASPNETCORE_URLS value, the one the probes and healthchecks call.</summary>
    public static int ListenPort(string aspNetCoreUrls)
    {
        var first = aspNetCoreUrls.Split(';')[0].Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal);
        return new Uri(first).Port;
    }

    private static string Match(Regex pattern, string what)
    {
        var match = pattern.Match(Text);
        Assert.True(match.Success, $"{RelativePath} has no {what}");
        return match.Groups["value"].Value;
    }

    [GeneratedRegex(@"ASPNETCORE_URLS=(?<value>\S+)")]
    private static partial Regex EnvUrls();

    [GeneratedRegex(@"^HEALTHCHECK\s+(?<value>(?:.*\\\n)*.*)$", RegexOptions.Multiline)]
    private static partial Regex HealthcheckInstruction();

    [GeneratedRegex(@"^COPY\s+(?<source>[^-\s]\S*)\s+(?<target>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex CopyInstruction();
}
