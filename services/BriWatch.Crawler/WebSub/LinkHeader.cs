namespace BriWatch.Crawler.WebSub;

/// <summary>Reads RFC 8288 <c>Link</c> header values: <c>&lt;url&gt;; rel="hub", &lt;url&gt;; rel="self"</c>.</summary>
public static class LinkHeader
{
    /// <summary>Each link's target (as written, unresolved) and its relation types; a malformed remainder is dropped.</summary>
    public static IEnumerable<(string Target, IReadOnlyList<string> Relations)> Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var i = 0;
        while (true)
        {
            var open = value.IndexOf('<', i);
            if (open < 0)
            {
                yield break;
            }

            var close = value.IndexOf('>', open + 1);
            if (close < 0)
            {
                yield break;
            }

            var target = value[(open + 1)..close].Trim();
            i = close + 1;
            string[] relations = [];
            while (i < value.Length && value[i] != ',')
            {
                var (name, parameter, next) = ReadParameter(value, i);
                i = next;
                if (name.Equals("rel", StringComparison.OrdinalIgnoreCase) && relations.Length == 0)
                {
                    // The first rel wins (RFC 8288 §3.3); it may list several space-separated types.
                    relations = parameter.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                }
            }

            yield return (target, relations);
        }
    }

    /// <summary>Reads <c>; name="value"</c> or <c>; name=value</c> from <paramref name="start"/>; stops before the next ';' or ','.</summary>
    private static (string Name, string Value, int Next) ReadParameter(string text, int start)
    {
        var i = start;
        while (i < text.Length && (text[i] == ';' || char.IsWhiteSpace(text[i])))
        {
            i++;
        }

        var nameStart = i;
        while (i < text.Length && text[i] is not ('=' or ';' or ','))
        {
            i++;
        }

        var name = text[nameStart..i].Trim();
        if (i >= text.Length || text[i] != '=')
        {
            return (name, "", i);
        }

        i++;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        if (i < text.Length && text[i] == '"')
        {
            var value = new System.Text.StringBuilder();
            for (i++; i < text.Length && text[i] != '"'; i++)
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i++;
                }

                value.Append(text[i]);
            }

            return (name, value.ToString(), Math.Min(i + 1, text.Length));
        }

        var valueStart = i;
        while (i < text.Length && text[i] is not (';' or ','))
        {
            i++;
        }

        return (name, text[valueStart..i].Trim(), i);
    }
}
