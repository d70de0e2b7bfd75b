namespace BriWatch.Crawler.Feeds;

/// <summary>Cuts raw feed text at item boundaries, without an XML parser (the text is known not to be well-formed).</summary>
internal static class ItemSegments
{
    /// <summary>
    /// The spans of the items named <paramref name="itemName"/> (any prefix), in order: from the start tag to the end of its
    /// end tag, or, when an item is never closed, to the start of the next item (or the end of the text). Markup inside
    /// CDATA sections, comments, processing instructions and the DOCTYPE is not looked at.
    /// </summary>
    public static List<(int Start, int End)> Find(string xml, string itemName)
    {
        var segments = new List<(int Start, int End)>();
        var open = -1;
        var i = 0;
        while ((i = xml.IndexOf('<', i)) >= 0)
        {
            if (Skip(xml, i) is var skipped and > 0)
            {
                i = skipped;
                continue;
            }

            var closing = i + 1 < xml.Length && xml[i + 1] == '/';
            var nameStart = i + (closing ? 2 : 1);
            var nameEnd = nameStart;
            while (nameEnd < xml.Length && IsNameChar(xml[nameEnd]))
            {
                nameEnd++;
            }

            var tagEnd = xml.IndexOf('>', nameEnd);
            var next = tagEnd < 0 ? xml.Length : tagEnd + 1;
            if (!IsItem(xml.AsSpan(nameStart, nameEnd - nameStart), itemName))
            {
                i = nameEnd;
                continue;
            }

            if (closing)
            {
                if (open >= 0)
                {
                    segments.Add((open, next));
                    open = -1;
                }
            }
            else
            {
                if (open >= 0)
                {
                    segments.Add((open, i));
                }

                var selfClosing = tagEnd > 0 && xml[tagEnd - 1] == '/';
                if (selfClosing)
                {
                    segments.Add((i, next));
                    open = -1;
                }
                else
                {
                    open = i;
                }
            }

            i = next;
        }

        if (open >= 0)
        {
            segments.Add((open, xml.Length));
        }

        return segments;
    }

    /// <summary>
    /// The elements still open at <paramref name="end"/>, outermost first, each with its start tag as written (so its
    /// namespace declarations, <c>xml:base</c> and <c>xml:lang</c> can enclose an item read on its own). Tag soup rules:
    /// an end tag closes back to the nearest open element of its name and is ignored when there is none.
    /// </summary>
    public static List<(string Name, string StartTag)> OpenElements(string xml, int end)
    {
        var open = new List<(string Name, string StartTag)>();
        var i = 0;
        while ((i = xml.IndexOf('<', i)) >= 0 && i < end)
        {
            if (Skip(xml, i) is var skipped and > 0)
            {
                i = skipped;
                continue;
            }

            var closing = i + 1 < xml.Length && xml[i + 1] == '/';
            var nameStart = i + (closing ? 2 : 1);
            var nameEnd = nameStart;
            while (nameEnd < end && IsNameChar(xml[nameEnd]))
            {
                nameEnd++;
            }

            var tagEnd = xml.IndexOf('>', nameEnd);
            if (nameEnd == nameStart || tagEnd < 0 || tagEnd >= end)
            {
                i = nameEnd + 1;
                continue;
            }

            var name = xml[nameStart..nameEnd];
            if (closing)
            {
                var match = open.FindLastIndex(o => o.Name == name);
                if (match >= 0)
                {
                    open.RemoveRange(match, open.Count - match);
                }
            }
            else if (xml[tagEnd - 1] != '/')
            {
                open.Add((name, xml[i..(tagEnd + 1)]));
            }

            i = tagEnd + 1;
        }

        return open;
    }

    private static bool IsItem(ReadOnlySpan<char> name, string itemName)
    {
        var colon = name.IndexOf(':');
        return name[(colon + 1)..].SequenceEqual(itemName);
    }

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is ':' or '_' or '-' or '.';

    /// <summary>The index after a CDATA section, comment, processing instruction or DOCTYPE starting at <paramref name="i"/>, else 0.</summary>
    private static int Skip(string xml, int i)
    {
        var terminator = At(xml, i, "<![CDATA[") ? "]]>" : At(xml, i, "<!--") ? "-->" : At(xml, i, "<?") ? "?>" : At(xml, i, "<!") ? ">" : null;
        if (terminator is null)
        {
            return 0;
        }

        var from = i + 2;
        if (terminator == ">" && xml.IndexOf('[', i) is var bracket and >= 0 && bracket < Math.Max(0, xml.IndexOf('>', i)))
        {
            // A DOCTYPE with an internal subset ends at the first ">" after its closing "]".
            var subsetEnd = xml.IndexOf(']', bracket);
            from = subsetEnd < 0 ? xml.Length : subsetEnd;
        }

        var end = from >= xml.Length ? -1 : xml.IndexOf(terminator, from, StringComparison.Ordinal);
        return end < 0 ? xml.Length : end + terminator.Length;
    }

    private static bool At(string xml, int i, string token) => string.CompareOrdinal(xml, i, token, 0, token.Length) == 0;
}
