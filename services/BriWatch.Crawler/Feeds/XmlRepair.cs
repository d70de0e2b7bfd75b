using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace BriWatch.Crawler.Feeds;

/// <summary>
/// A lenient pass over feed XML before the XML reader sees it, fixing the defects real feeds are full of so that one of
/// them does not end the document: a bare <c>&amp;</c> (<c>AT&amp;T</c>, <c>R&amp;D</c>) or <c>&lt;</c> (<c>a &lt; b</c>) is
/// read as text, an entity XML does not define is read as text, a control character XML forbids is dropped. HTML named
/// entities (<c>&amp;eacute;</c>) become character references, as feeds mean them. Every fix is counted.
/// </summary>
/// <remarks>
/// Entities declared in the document's own DTD are read as text too: the DTD is refused (never expanded), which is what
/// makes billion laughs and XXE payloads inert; refusing it must not cost the items that reference its entities.
/// CDATA sections, comments, processing instructions and the DOCTYPE itself are copied unchanged, except for forbidden
/// control characters, which are fatal anywhere.
/// </remarks>
internal static partial class XmlRepair
{
    private const int MaxEntityNameLength = 32;

    /// <summary>
    /// What U+0080–U+009F stand for. These C1 controls are never meant in a feed: they are windows-1252 punctuation
    /// (curly quotes, dashes, "‹") decoded or referenced (<c>&amp;#146;</c>) as if it were Latin-1, so they are read as the
    /// windows-1252 characters, as browsers and feed readers do. The five codes windows-1252 leaves undefined stay as they are.
    /// </summary>
    private static readonly string Windows1252 = BuildWindows1252();

    public static (string Text, XmlRepairs Repairs) Repair(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var output = new StringBuilder(xml.Length + 64);
        var repairs = new XmlRepairs();
        HashSet<string> dtdEntities = [];
        var line = 1;
        var i = 0;
        while (i < xml.Length)
        {
            var c = xml[i];
            if (c == '<' && TryCopyVerbatim(xml, i, output, repairs, ref line, dtdEntities) is var end and > 0)
            {
                i = end;
                continue;
            }

            switch (c)
            {
                case '\n':
                    line++;
                    output.Append(c);
                    i++;
                    break;
                case '&':
                    i = RepairReference(xml, i, output, repairs, line, dtdEntities);
                    break;
                case '<' when i + 1 >= xml.Length || !StartsMarkup(xml[i + 1]):
                    repairs.BareLessThan.Add(line);
                    output.Append("&lt;");
                    i++;
                    break;
                default:
                    i += CopyCharacter(xml, i, output, repairs, line);
                    break;
            }
        }

        return (output.ToString(), repairs);
    }

    /// <summary>What may follow <c>&lt;</c> in markup: a name start, or <c>/ ! ?</c>.</summary>
    private static bool StartsMarkup(char c) => c is '/' or '!' or '?' or '_' or ':' || char.IsLetter(c);

    /// <summary>
    /// Copies a CDATA section, comment, processing instruction or DOCTYPE starting at <paramref name="start"/>;
    /// returns the index after it, or 0 when no such construct starts there.
    /// </summary>
    private static int TryCopyVerbatim(string xml, int start, StringBuilder output, XmlRepairs repairs, ref int line, HashSet<string> dtdEntities)
    {
        int end;
        if (At(xml, start, "<![CDATA["))
        {
            end = EndAfter(xml, start + 9, "]]>");
        }
        else if (At(xml, start, "<!--"))
        {
            end = EndAfter(xml, start + 4, "-->");
        }
        else if (At(xml, start, "<?"))
        {
            end = EndAfter(xml, start + 2, "?>");
        }
        else if (At(xml, start, "<!DOCTYPE"))
        {
            end = DoctypeEnd(xml, start);
            foreach (Match m in EntityDeclaration().Matches(xml, start))
            {
                if (m.Index >= end)
                {
                    break;
                }

                dtdEntities.Add(m.Groups[1].Value);
            }
        }
        else
        {
            return 0;
        }

        var i = start;
        while (i < end)
        {
            if (xml[i] == '\n')
            {
                line++;
            }

            i += CopyCharacter(xml, i, output, repairs, line);
        }

        return end;
    }

    /// <summary>The end of a DOCTYPE, past its internal subset (<c>[ ... ]&gt;</c>) when it has one.</summary>
    private static int DoctypeEnd(string xml, int start)
    {
        var bracket = xml.IndexOf('[', start);
        var close = xml.IndexOf('>', start);
        if (bracket >= 0 && (close < 0 || bracket < close))
        {
            var subsetEnd = SubsetEnd().Match(xml, bracket);
            close = subsetEnd.Success ? subsetEnd.Index + subsetEnd.Length - 1 : -1;
        }

        return close < 0 ? xml.Length : close + 1;
    }

    private static int RepairReference(string xml, int start, StringBuilder output, XmlRepairs repairs, int line, HashSet<string> dtdEntities)
    {
        var match = Reference().Match(xml, start, Math.Min(xml.Length - start, MaxEntityNameLength + 4));
        if (!match.Success)
        {
            repairs.BareAmpersands.Add(line);
            output.Append("&amp;");
            return start + 1;
        }

        var end = start + match.Length;
        if (match.Groups["name"].Success)
        {
            var name = match.Groups["name"].Value;
            if (name is "amp" or "lt" or "gt" or "quot" or "apos")
            {
                output.Append(match.Value);
            }
            else if (WebUtility.HtmlDecode(match.Value) is var decoded && decoded != match.Value && !dtdEntities.Contains(name))
            {
                // An HTML entity used as feeds mean it; not a defect worth a warning.
                foreach (var rune in decoded.EnumerateRunes())
                {
                    output.Append("&#").Append(rune.Value).Append(';');
                }
            }
            else
            {
                (dtdEntities.Contains(name) ? repairs.DtdEntities : repairs.UndefinedEntities).Add(line, "&" + name + ";");
                output.Append("&amp;").Append(name).Append(';');
            }

            return end;
        }

        var hex = match.Groups["hex"].Success;
        var digits = match.Groups[hex ? "hex" : "dec"].Value;
        var valid = int.TryParse(digits, hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None, null, out var code);
        if (!valid || code > 0x10FFFF)
        {
            repairs.BareAmpersands.Add(line);
            output.Append("&amp;");
            return start + 1;
        }

        if (!IsXmlCharacter(code))
        {
            repairs.ControlCharacters.Add(line);
            return end;
        }

        if (code is >= 0x80 and <= 0x9F)
        {
            output.Append("&#").Append((int)Windows1252[code - 0x80]).Append(';');
            return end;
        }

        output.Append(match.Value);
        return end;
    }

    /// <summary>Copies one character (a surrogate pair counts as one), dropping it when XML forbids it; returns how many chars were consumed.</summary>
    private static int CopyCharacter(string xml, int i, StringBuilder output, XmlRepairs repairs, int line)
    {
        var c = xml[i];
        if (char.IsHighSurrogate(c) && i + 1 < xml.Length && char.IsLowSurrogate(xml[i + 1]))
        {
            output.Append(c).Append(xml[i + 1]);
            return 2;
        }

        if (c is >= '\u0080' and <= '\u009F')
        {
            output.Append(Windows1252[c - 0x80]);
        }
        else if (IsXmlCharacter(c))
        {
            output.Append(c);
        }
        else
        {
            repairs.ControlCharacters.Add(line);
        }

        return 1;
    }

    /// <summary>XML 1.0's Char production (surrogate halves are not characters on their own).</summary>
    private static bool IsXmlCharacter(int code) =>
        code is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);

    private static string BuildWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Enumerable.Range(0x80, 32).Select(b => (byte)b).ToArray();
        var decoded = Encoding.GetEncoding(1252).GetString(bytes).ToCharArray();
        for (var i = 0; i < decoded.Length; i++)
        {
            // .NET maps the undefined ones to the same C1 code; anything else would be a different character.
            if (decoded[i] == '\uFFFD')
            {
                decoded[i] = (char)(0x80 + i);
            }
        }

        return new string(decoded);
    }

    private static bool At(string xml, int i, string token) => string.CompareOrdinal(xml, i, token, 0, token.Length) == 0;

    private static int EndAfter(string xml, int from, string terminator)
    {
        var end = xml.IndexOf(terminator, from, StringComparison.Ordinal);
        return end < 0 ? xml.Length : end + terminator.Length;
    }

    [GeneratedRegex(@"\G&(?:#x(?<hex>[0-9a-fA-F]{1,8});|#(?<dec>[0-9]{1,10});|(?<name>[A-Za-z_][A-Za-z0-9._\-]{0,31});)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"<!ENTITY\s+([A-Za-z_][A-Za-z0-9._\-]*)\s")]
    private static partial Regex EntityDeclaration();

    [GeneratedRegex(@"\]\s*>")]
    private static partial Regex SubsetEnd();
}
