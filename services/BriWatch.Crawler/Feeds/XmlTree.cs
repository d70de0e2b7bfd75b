using System.Text;
using System.Xml;

namespace BriWatch.Crawler.Feeds;

/// <summary>A minimal element tree read with <see cref="XmlReader"/> that keeps what was read before a syntax error.</summary>
/// <remarks>XDocument throws away everything on the first error; feeds in the wild are often broken halfway, so we keep the prefix.</remarks>
internal sealed class XmlElementNode
{
    public XmlElementNode(string localName, string ns, string prefix, Uri? baseUri, string? language)
    {
        LocalName = localName;
        Namespace = ns;
        Prefix = prefix;
        BaseUri = baseUri;
        Language = language;
    }

    public string LocalName { get; }
    public string Namespace { get; }
    public string Prefix { get; }
    /// <summary>Effective xml:base in scope for this element's content.</summary>
    public Uri? BaseUri { get; }
    /// <summary>Effective xml:lang in scope.</summary>
    public string? Language { get; }
    public Dictionary<(string Ns, string Name), string> Attributes { get; } = [];

    /// <summary>True once the element's end tag was read (or it was empty): its content is whole.</summary>
    public bool Complete { get; set; }
    /// <summary>Child elements and text (string) in document order.</summary>
    public List<object> Nodes { get; } = [];

    public IEnumerable<XmlElementNode> Elements => Nodes.OfType<XmlElementNode>();

    public string Text
    {
        get
        {
            var sb = new StringBuilder();
            AppendText(sb, Nodes);
            return sb.ToString();
        }
    }

    public string? Attr(string name, string ns = "") => Attributes.TryGetValue((ns, name), out var v) ? v : null;

    public XmlElementNode? Child(string localName, params string[] namespaces) =>
        Elements.FirstOrDefault(e => e.LocalName == localName && (namespaces.Length == 0 || namespaces.Contains(e.Namespace)));

    public IEnumerable<XmlElementNode> Children(string localName, params string[] namespaces) =>
        Elements.Where(e => e.LocalName == localName && (namespaces.Length == 0 || namespaces.Contains(e.Namespace)));

    /// <summary>The element's content re-serialised as markup (for Atom <c>type="xhtml"</c> and inline HTML written as elements).</summary>
    public string InnerXml
    {
        get
        {
            var sb = new StringBuilder();
            AppendMarkup(sb, Nodes);
            return sb.ToString();
        }
    }

    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen",
    };

    // Both walks are iterative with an explicit stack: a recursive walk costs a stack frame per nesting level, and a
    // stack overflow cannot be caught, so one hostile feed would kill the process (and every replica it is redelivered to).
    private static void AppendMarkup(StringBuilder sb, List<object> nodes)
    {
        var pending = new Stack<object>();
        PushReversed(pending, nodes);
        while (pending.TryPop(out var node))
        {
            switch (node)
            {
                case XmlElementNode e:
                    sb.Append('<').Append(e.LocalName);
                    foreach (var ((ns, name), value) in e.Attributes)
                    {
                        if (ns.Length == 0)
                        {
                            sb.Append(' ').Append(name).Append("=\"").Append(System.Net.WebUtility.HtmlEncode(value)).Append('"');
                        }
                    }

                    if (e.Nodes.Count == 0 && VoidElements.Contains(e.LocalName))
                    {
                        // "<br></br>" would be two line breaks to an HTML parser: a void element has no end tag.
                        sb.Append(" />");
                        break;
                    }

                    sb.Append('>');
                    pending.Push(new EndTag(e.LocalName));
                    PushReversed(pending, e.Nodes);
                    break;
                case EndTag end:
                    sb.Append("</").Append(end.LocalName).Append('>');
                    break;
                default:
                    sb.Append(System.Net.WebUtility.HtmlEncode((string)node).Replace("&#39;", "'", StringComparison.Ordinal).Replace("&quot;", "\"", StringComparison.Ordinal));
                    break;
            }
        }
    }

    private static void AppendText(StringBuilder sb, List<object> nodes)
    {
        var pending = new Stack<object>();
        PushReversed(pending, nodes);
        while (pending.TryPop(out var node))
        {
            if (node is XmlElementNode e)
            {
                PushReversed(pending, e.Nodes);
            }
            else
            {
                sb.Append((string)node);
            }
        }
    }

    private static void PushReversed(Stack<object> pending, List<object> nodes)
    {
        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            pending.Push(nodes[i]);
        }
    }

    private sealed record EndTag(string LocalName);
}

internal static class XmlTree
{
    /// <summary>
    /// Elements nested deeper than this are not kept as elements: their text is added to the deepest kept element.
    /// Real feeds nest a few dozen levels at most; the cap bounds the work every later walk over the tree does.
    /// </summary>
    public const int MaxDepth = 256;

    private const string XmlNs = "http://www.w3.org/XML/1998/namespace";

    /// <summary>
    /// Reads <paramref name="xml"/>; returns the root (null when not even one element was read) and the first error: a syntax
    /// error (<c>Broken</c>: the tree holds what came before it), or markup nested deeper than <see cref="MaxDepth"/> that
    /// was flattened (either makes the feed "recovered").
    /// </summary>
    public static (XmlElementNode? Root, string? Error, bool Broken) Read(string xml, Uri? documentBase)
    {
        var settings = new XmlReaderSettings
        {
            // Ignore (not Parse) so internal-subset entities are never expanded: billion laughs and XXE are inert.
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreProcessingInstructions = true,
            IgnoreComments = true,
            CheckCharacters = false,
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = 64L * 1024 * 1024,
        };

        XmlElementNode? root = null;
        var stack = new Stack<XmlElementNode>();
        // Open elements below the cap that were not kept, and what the flattening is reported as.
        var flattened = 0;
        string? flattenedError = null;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element when stack.Count >= MaxDepth:
                        flattenedError ??= Flattened(reader);
                        if (!reader.IsEmptyElement)
                        {
                            flattened++;
                        }

                        break;
                    case XmlNodeType.Element:
                        var parent = stack.Count > 0 ? stack.Peek() : null;
                        var element = OpenElement(reader, parent, documentBase);
                        if (parent is null)
                        {
                            root ??= element;
                        }
                        else
                        {
                            parent.Nodes.Add(element);
                        }

                        if (reader.IsEmptyElement)
                        {
                            element.Complete = true;
                        }
                        else
                        {
                            stack.Push(element);
                        }

                        break;
                    case XmlNodeType.EndElement when flattened > 0:
                        flattened--;
                        break;
                    case XmlNodeType.EndElement:
                        stack.Pop().Complete = true;
                        break;
                    case XmlNodeType.Text:
                    case XmlNodeType.CDATA:
                    case XmlNodeType.SignificantWhitespace:
                    case XmlNodeType.Whitespace:
                        if (stack.Count > 0)
                        {
                            stack.Peek().Nodes.Add(reader.Value);
                        }

                        break;
                }
            }

            return (root, flattenedError, false);
        }
        catch (XmlException ex)
        {
            // The flattening, when there was one, came first in the document.
            return (root, flattenedError ?? $"not well-formed XML at line {ex.LineNumber}, column {ex.LinePosition}: {FirstSentence(ex.Message)}", true);
        }
    }

    private static XmlElementNode OpenElement(XmlReader reader, XmlElementNode? parent, Uri? documentBase)
    {
        var baseUri = parent?.BaseUri ?? documentBase;
        var language = parent?.Language;
        var attributes = new List<(string Ns, string Name, string Value)>();
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.NamespaceURI == XmlNs && reader.LocalName == "base")
                {
                    baseUri = UrlResolver.Resolve(baseUri, reader.Value) is { } b && Uri.TryCreate(b, UriKind.Absolute, out var abs) ? abs : baseUri;
                }
                else if (reader.NamespaceURI == XmlNs && reader.LocalName == "lang")
                {
                    language = reader.Value.Length == 0 ? null : reader.Value;
                }
                else if (reader.NamespaceURI != "http://www.w3.org/2000/xmlns/")
                {
                    attributes.Add((reader.NamespaceURI, reader.LocalName, reader.Value));
                }
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }

        var element = new XmlElementNode(reader.LocalName, reader.NamespaceURI, reader.Prefix, baseUri, language);
        foreach (var (ns, name, value) in attributes)
        {
            element.Attributes[(ns, name)] = value;
        }

        return element;
    }

    private static string Flattened(XmlReader reader) =>
        reader is IXmlLineInfo { } info && info.HasLineInfo()
            ? $"elements nested more than {MaxDepth} levels deep at line {info.LineNumber}, column {info.LinePosition}; the deeper markup was read as plain text"
            : $"elements nested more than {MaxDepth} levels deep; the deeper markup was read as plain text";

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
