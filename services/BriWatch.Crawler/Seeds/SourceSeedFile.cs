using System.Globalization;
using System.Text.RegularExpressions;
using BriWatch.Storage.Sources;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BriWatch.Crawler.Seeds;

/// <summary>Reads <c>seeds/sources.yaml</c>; every mistake is reported with the file name and line.</summary>
public static partial class SourceSeedFile
{
    private static readonly HashSet<string> KnownKeys = ["id", "name", "url", "kind", "language", "country", "official", "enabled", "interval", "options"];

    /// <exception cref="FormatException">The file is not valid YAML or a source is invalid; the message names file and line.</exception>
    public static IReadOnlyList<Source> Parse(string yaml, string fileName, DateTimeOffset now)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new FormatException($"{fileName}:{ex.Start.Line}: invalid YAML: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0)
        {
            return [];
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("sources"), out var list))
        {
            throw new FormatException($"{fileName}:{stream.Documents[0].RootNode.Start.Line}: expected a top-level 'sources:' list");
        }

        if (list is not YamlSequenceNode sequence)
        {
            throw new FormatException($"{fileName}:{list.Start.Line}: 'sources' must be a list of sources");
        }

        var result = new List<Source>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in sequence)
        {
            var source = ParseSource(node, fileName, now);
            if (!ids.Add(source.Id))
            {
                throw new FormatException($"{fileName}:{node.Start.Line}: duplicate source id '{source.Id}'");
            }

            result.Add(source);
        }

        return result;
    }

    private static Source ParseSource(YamlNode node, string fileName, DateTimeOffset now)
    {
        if (node is not YamlMappingNode map)
        {
            throw new FormatException($"{fileName}:{node.Start.Line}: each source must be a mapping (id, name, url, ...)");
        }

        var entry = new SourceMapping(map, fileName);
        entry.CheckKeys();
        var id = entry.Id();
        var url = entry.Url(id);
        var kind = entry.Kind(id);
        var interval = entry.Interval(id);
        var options = entry.Options(id);
        return new Source
        {
            Id = id,
            Name = entry.Scalar("name") ?? id,
            Url = url,
            Kind = kind,
            Language = entry.Scalar("language"),
            Country = entry.Scalar("country")?.ToUpperInvariant(),
            Official = entry.Bool("official", false),
            Enabled = entry.Bool("enabled", true),
            PollInterval = interval,
            Options = options,
            Crawl = new SourceCrawlState { NextAttemptAt = now },
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>One source's mapping; each read checks its value and names file and line when it is wrong.</summary>
    private sealed class SourceMapping(YamlMappingNode map, string fileName)
    {
        public void CheckKeys()
        {
            foreach (var key in map.Children.Keys)
            {
                if (key is not YamlScalarNode { Value: { } name } || !KnownKeys.Contains(name))
                {
                    Fail(key, $"unknown key '{key}' (known: {string.Join(", ", KnownKeys)})");
                }
            }
        }

        public string Id()
        {
            var id = Scalar("id", required: true)!;
            if (!Slug().IsMatch(id))
            {
                Fail(At("id"), $"id '{id}' must be a lower-case slug (letters, digits, '-')");
            }

            return id;
        }

        public string Url(string id)
        {
            var url = Scalar("url", required: true)!;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                Fail(At("url"), $"url '{url}' of source '{id}' is not an absolute http(s) URL");
            }

            return url;
        }

        public SourceKind Kind(string id)
        {
            var kind = SourceKind.Auto;
            if (Scalar("kind") is { } kindText && !Enum.TryParse(kindText, ignoreCase: true, out kind))
            {
                Fail(At("kind"), $"kind '{kindText}' of source '{id}' is unknown (auto, rss, atom, jsonfeed, htmllist, sitemap)");
            }

            return kind;
        }

        public TimeSpan Interval(string id)
        {
            var interval = TimeSpan.FromMinutes(15);
            if (Scalar("interval") is { } intervalText
                && (!TimeSpan.TryParse(intervalText, CultureInfo.InvariantCulture, out interval) || interval < TimeSpan.FromMinutes(1)))
            {
                Fail(At("interval"), $"interval '{intervalText}' of source '{id}' must be a duration of at least 00:01:00 (hh:mm:ss)");
            }

            return interval;
        }

        public Dictionary<string, string> Options(string id)
        {
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!map.Children.TryGetValue(new YamlScalarNode("options"), out var optionsNode))
            {
                return options;
            }

            if (optionsNode is not YamlMappingNode optionsMap)
            {
                throw Error(optionsNode, $"options of source '{id}' must be a mapping");
            }

            foreach (var (key, value) in optionsMap.Children)
            {
                options[key.ToString()] = value is YamlScalarNode s ? s.Value ?? string.Empty : Fail(value, $"option '{key}' of source '{id}' must be a single value");
            }

            return options;
        }

        public bool Bool(string key, bool fallback)
        {
            var text = Scalar(key);
            return text?.ToLowerInvariant() switch
            {
                null => fallback,
                "true" or "yes" or "on" => true,
                "false" or "no" or "off" => false,
                _ => throw Error(At(key), $"'{text}' is not true or false"),
            };
        }

        public string? Scalar(string key, bool required = false)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var value))
            {
                return required ? Fail(map, $"source is missing '{key}'") : null;
            }

            return value is YamlScalarNode scalar ? scalar.Value?.Trim() is { Length: > 0 } v ? v : required ? Fail(value, $"'{key}' is empty") : null
                : Fail(value, $"'{key}' must be a single value");
        }

        private YamlNode At(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : map;

        private string Fail(YamlNode at, string message) => throw Error(at, message);

        private FormatException Error(YamlNode at, string message) => new($"{fileName}:{at.Start.Line}: {message}");
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex Slug();
}
