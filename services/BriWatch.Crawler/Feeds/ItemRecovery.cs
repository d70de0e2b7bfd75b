namespace BriWatch.Crawler.Feeds;

/// <summary>
/// The second, item-by-item pass over a feed whose XML breaks somewhere: the raw text is cut at item boundaries, the
/// feed's own markup around the items (channel header and closing tags) is read once for the feed's fields, and each item
/// is read on its own inside the start tags of the elements that enclose it (so its namespaces, <c>xml:base</c> and
/// <c>xml:lang</c> are in scope, even when the channel header itself is broken). An item whose own markup is broken is
/// skipped; the items after it are still read.
/// </summary>
internal static class ItemRecovery
{
    /// <summary>Items read at most; more in one broken document is not a feed anyone publishes.</summary>
    public const int MaxItems = 5_000;

    /// <param name="xml">The repaired document text.</param>
    /// <param name="itemName">Local name of the item element: <c>item</c> (RSS, RDF) or <c>entry</c> (Atom).</param>
    /// <returns>Null when the document has no item boundaries to cut at (the break is not inside an item).</returns>
    public static RecoveredTree? Recover(string xml, string itemName, Uri? documentBase)
    {
        var segments = ItemSegments.Find(xml, itemName);
        if (segments.Count == 0)
        {
            return null;
        }

        var (shell, _, _) = XmlTree.Read(string.Concat(xml.AsSpan(0, segments[0].Start), xml.AsSpan(segments[^1].End)), documentBase);
        // Items belong to the root (Atom, RDF) or the channel (RSS, some RDF); an element left open around them is a
        // broken header field (<description>…</descriptio>), not their parent.
        var open = ItemSegments.OpenElements(xml, segments[0].Start);
        var ancestors = open.Take(1).Concat(open.Skip(1).Where(a => LocalName(a.Name) == "channel")).ToList();
        if (shell is null || ancestors.Count == 0)
        {
            return null;
        }

        var opening = string.Concat(ancestors.Select(a => a.StartTag));
        var closing = string.Concat(ancestors.AsEnumerable().Reverse().Select(a => $"</{a.Name}>"));
        var parent = ItemParent(shell, ancestors);
        var kept = 0;
        var skippedLines = new List<int>();
        var lines = new LineCounter(xml);
        foreach (var (start, end) in segments.Take(MaxItems))
        {
            var (root, _, _) = XmlTree.Read(string.Concat(opening, xml.AsSpan(start, end - start), closing), documentBase);
            if (root is not null && FindItem(root, itemName) is { Complete: true } item)
            {
                parent.Nodes.Add(item);
                kept++;
            }
            else
            {
                skippedLines.Add(lines.LineAt(start));
            }
        }

        return new RecoveredTree(shell, kept, skippedLines, Math.Max(0, segments.Count - MaxItems));
    }

    /// <summary>The first element named <paramref name="itemName"/> below the root, in document order.</summary>
    private static XmlElementNode? FindItem(XmlElementNode root, string itemName)
    {
        // Iterative on purpose (see XmlElementNode): the tree may be deep.
        var pending = new Stack<XmlElementNode>();
        PushChildren(pending, root);
        while (pending.TryPop(out var element))
        {
            if (element.LocalName == itemName)
            {
                return element;
            }

            PushChildren(pending, element);
        }

        return null;
    }

    private static void PushChildren(Stack<XmlElementNode> pending, XmlElementNode element)
    {
        var children = element.Elements.ToList();
        for (var i = children.Count - 1; i >= 0; i--)
        {
            pending.Push(children[i]);
        }
    }

    /// <summary>Where the items go in the shell: the element the ancestor chain names (root, then e.g. <c>channel</c>), as deep as the shell has it.</summary>
    private static XmlElementNode ItemParent(XmlElementNode shell, IReadOnlyList<(string Name, string StartTag)> ancestors)
    {
        var parent = shell;
        foreach (var (name, _) in ancestors.Skip(1))
        {
            if (parent.Elements.FirstOrDefault(e => e.LocalName == LocalName(name)) is not { } child)
            {
                break;
            }

            parent = child;
        }

        return parent;
    }

    private static string LocalName(string name) => name[(name.IndexOf(':', StringComparison.Ordinal) + 1)..];
}
/// <summary>The feed's markup with every readable item in place.</summary>
/// <param name="Kept">Items read.</param>
/// <param name="SkippedLines">Line of each item skipped because its own markup is broken.</param>
/// <param name="NotRead">Items past <see cref="ItemRecovery.MaxItems"/>, not read.</param>
internal sealed record RecoveredTree(XmlElementNode Root, int Kept, IReadOnlyList<int> SkippedLines, int NotRead)
{
    /// <summary>What the item-by-item pass could not read, e.g. <c>1 unreadable item skipped (line 14)</c>; nothing when every item was read.</summary>
    public IEnumerable<string> Describe()
    {
        if (SkippedLines.Count > 0)
        {
            var lines = string.Join(", ", SkippedLines.Take(5)) + (SkippedLines.Count > 5 ? ", …" : "");
            yield return $"{SkippedLines.Count} unreadable item{(SkippedLines.Count == 1 ? "" : "s")} skipped (line{(SkippedLines.Count == 1 ? "" : "s")} {lines}), {Kept} read item by item";
        }

        if (NotRead > 0)
        {
            yield return $"{NotRead} more item{(NotRead == 1 ? "" : "s")} not read (a broken document is read item by item up to {ItemRecovery.MaxItems} items)";
        }
    }
}
