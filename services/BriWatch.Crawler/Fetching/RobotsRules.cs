using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BriWatch.Crawler.Fetching;

/// <summary>The robots.txt group that applies to BriWatch (RFC 9309): allow/disallow patterns and the Crawl-delay extension.</summary>
public sealed class RobotsRules
{
    private readonly List<(string Pattern, bool Allow, Regex Matcher)> rules;

    private RobotsRules(List<(string Pattern, bool Allow, Regex Matcher)> rules, TimeSpan? crawlDelay, string? unavailable = null, bool hostUnreachable = false)
    {
        this.rules = rules;
        CrawlDelay = crawlDelay;
        Unavailable = unavailable;
        HostUnreachable = hostUnreachable;
    }

    public static RobotsRules AllowAll { get; } = new([], null);

    /// <summary>robots.txt could not be read (5xx, 429, unreachable) and no earlier rules are known: nothing is allowed (RFC 9309 §2.3.1.4).</summary>
    /// <param name="reason">Why, for a person: <c>HTTP 503</c>, <c>could not connect to host:443 (connection refused)</c>.</param>
    /// <param name="hostUnreachable">No answer at all (DNS, connect, timeout): the host is down, not its robots.txt.</param>
    public static RobotsRules Unreadable(string reason, bool hostUnreachable = false) => new([], null, reason, hostUnreachable);

    public TimeSpan? CrawlDelay { get; }

    /// <summary>Why robots.txt could not be read, when these rules stand in for it (see <see cref="Unreadable"/>); else null.</summary>
    public string? Unavailable { get; }

    /// <summary>robots.txt got no answer at all (a DNS, connect or network failure), so <see cref="Unavailable"/> describes the host.</summary>
    public bool HostUnreachable { get; }

    /// <summary>Longest matching pattern wins; on a tie, allow wins (RFC 9309 §2.2.2).</summary>
    public bool IsAllowed(string pathAndQuery)
    {
        if (Unavailable is not null)
        {
            return false;
        }

        var path = string.IsNullOrEmpty(pathAndQuery) ? "/" : pathAndQuery;
        var best = rules.Where(r => r.Matcher.IsMatch(path))
            .OrderByDescending(r => r.Pattern.Length)
            .ThenByDescending(r => r.Allow)
            .FirstOrDefault();
        return best.Matcher is null || best.Allow;
    }

    /// <summary>Reads the group for <paramref name="agent"/> (product token, e.g. <c>BriWatch</c>), else the <c>*</c> group.</summary>
    public static RobotsRules Parse(string text, string agent)
    {
        ArgumentNullException.ThrowIfNull(text);
        var groups = new List<(List<string> Agents, List<(string, bool)> Rules, TimeSpan? Delay)>();
        (List<string> Agents, List<(string, bool)> Rules, TimeSpan? Delay)? current = null;
        var lastWasAgent = false;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Split('#', 2)[0].Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key == "user-agent")
            {
                if (!lastWasAgent || current is null)
                {
                    current = ([], [], null);
                    groups.Add(current.Value);
                }

                current.Value.Agents.Add(value.ToLowerInvariant());
                lastWasAgent = true;
                continue;
            }

            lastWasAgent = false;
            if (current is null)
            {
                continue;
            }

            switch (key)
            {
                case "allow" or "disallow" when value.Length > 0:
                    current.Value.Rules.Add((value, key == "allow"));
                    break;
                case "crawl-delay" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0:
                    var index = groups.IndexOf(current.Value);
                    current = (current.Value.Agents, current.Value.Rules, TimeSpan.FromSeconds(Math.Min(seconds, 3600)));
                    groups[index] = current.Value;
                    break;
            }
        }

        var token = agent.ToLowerInvariant();
        var group = groups.FirstOrDefault(g => g.Agents.Any(a => a != "*" && token.StartsWith(a, StringComparison.Ordinal)));
        if (group.Agents is null)
        {
            group = groups.FirstOrDefault(g => g.Agents.Contains("*"));
        }

        return group.Agents is null
            ? AllowAll
            : new RobotsRules(group.Rules.Select(r => (r.Item1, r.Item2, ToRegex(r.Item1))).ToList(), group.Delay);
    }

    private static Regex ToRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        foreach (var c in pattern)
        {
            sb.Append(c switch
            {
                '*' => ".*",
                '$' => "$",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return new Regex(sb.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }
}
