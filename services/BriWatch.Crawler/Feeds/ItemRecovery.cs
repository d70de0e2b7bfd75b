namespace BriWatch.Crawler.Feeds;

/// <summary>
/// The second, item-by-item pass over a feed whose XML breaks somewhere: the raw text is cut at item boundaries, the
/// feed's own markup around the items (channel header and closing tags) is read once, and each item is read on its own
/// inside that context (so its namespaces, <c>xml:base</c> and <c>xml:lang</c> are in scope). An item whose own markup is
/// broken is skipped; the items after it are still read.
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

        var prefix = xml[..segments[0].Start];
        var suffix = xml[segments[^1].End..];
        var (shell, _, _) = XmlTree.Read(prefix + suffix, documentBase);
        if (shell is null)
        {
            return null;
        }

        // Every item is read with the whole prefix and suffix around it; the budget keeps a hostile document (a huge
        // header, thousands of items) from costing more than a few passes over its own length.
        var budget = 16L * 1024 * 1024 + 4L * xml.Length;
        var kept = 0;
        var skippedLines = new List<int>();
        var notRead = 0;
        var lines = new LineCounter(xml);
        foreach (var (start, end) in segments)
        {
            var cost = (long)prefix.Length + (end - start) + suffix.Length;
            if (kept + skippedLines.Count >= MaxItems || (budget -= cost) < 0)
            {
                notRead++;
                continue;
            }

            var (root, _, _) = XmlTree.Read(string.Concat(prefix, xml.AsSpan(start, end - start), suffix), documentBase);
            if (root is not null && FindItem(root, itemName) is { Item.Complete: true } found && Resolve(shell, found.ParentPath) is { } parent)
            {
                parent.Nodes.Add(found.Item);
                kept++;
            }
            else
            {
                skippedLines.Add(lines.LineAt(start));
            }
        }

        return new RecoveredTree(shell, kept, skippedLines, notRead);
    }

    /// <summary>The first element named <paramref name="itemName"/> in document order, with the child-element indexes leading to its parent.</summary>
    private static (XmlElementNode Item, int[] ParentPath)? FindItem(XmlElementNode root, string itemName)
    {
        // Iterative on purpose (see XmlElementNode): the tree may be deep.
        var pending = new Stack<(XmlElementNode Element, int[] Path)>();
        pending.Push((root, []));
        while (pending.TryPop(out var current))
        {
            if (current.Path.Length > 0 && current.Element.LocalName == itemName)
            {
                return (current.Element, current.Path[..^1]);
            }

            var children = current.Element.Elements.ToList();
            for (var i = children.Count - 1; i >= 0; i--)
            {
                pending.Push((children[i], [.. current.Path, i]));
            }
        }

        return null;
    }

    private static XmlElementNode? Resolve(XmlElementNode root, int[] path)
    {
        var element = root;
        foreach (var index in path)
        {
            var children = element.Elements.ToList();
            if (index >= children.Count)
            {
                return null;
            }

            element = children[index];
        }

        return element;
    }
}

/// <summary>The feed's markup with every readable item in place.</summary>
/// <param name="Kept">Items read.</param>
/// <param name="SkippedLines">Line of each item skipped because its own markup is broken.</param>
/// <param name="NotRead">Items past <see cref="ItemRecovery.MaxItems"/> or the work budget, not read.</param>
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
