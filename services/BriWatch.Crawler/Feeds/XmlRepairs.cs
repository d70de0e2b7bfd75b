namespace BriWatch.Crawler.Feeds;

/// <summary>What <see cref="XmlRepair"/> fixed, by kind, for the feed's warning.</summary>
internal sealed class XmlRepairs
{
    public RepairCount BareAmpersands { get; } = new();
    public RepairCount BareLessThan { get; } = new();
    public RepairCount UndefinedEntities { get; } = new();
    public RepairCount DtdEntities { get; } = new();
    public RepairCount ControlCharacters { get; } = new();

    public bool Any => BareAmpersands.Count + BareLessThan.Count + UndefinedEntities.Count + DtdEntities.Count + ControlCharacters.Count > 0;

    /// <summary>One phrase per kind of fix, e.g. <c>2 bare '&amp;' read as text (first at line 9)</c>.</summary>
    public IEnumerable<string> Describe()
    {
        if (BareAmpersands.Count > 0)
        {
            yield return $"{BareAmpersands.Count} bare '&' read as text ({BareAmpersands.Where})";
        }

        if (BareLessThan.Count > 0)
        {
            yield return $"{BareLessThan.Count} bare '<' read as text ({BareLessThan.Where})";
        }

        if (UndefinedEntities.Count > 0)
        {
            yield return $"{Plural(UndefinedEntities.Count, "undefined entity", "undefined entities")} read as text ({UndefinedEntities.Where})";
        }

        if (DtdEntities.Count > 0)
        {
            yield return $"{Plural(DtdEntities.Count, "reference", "references")} to entities of the refused DTD read as text ({DtdEntities.Where})";
        }

        if (ControlCharacters.Count > 0)
        {
            yield return $"{Plural(ControlCharacters.Count, "control character", "control characters")} dropped ({ControlCharacters.Where})";
        }
    }

    private static string Plural(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";
}

/// <summary>How many fixes of one kind, and where the first one was.</summary>
internal sealed class RepairCount
{
    public int Count { get; private set; }

    public int FirstLine { get; private set; }

    /// <summary>The first fixed text, when naming it helps (an entity name).</summary>
    public string? FirstSample { get; private set; }

    /// <summary><c>&amp;foo; at line 3</c>, or <c>line 3</c>, with <c>first</c> when there are several.</summary>
    public string Where =>
        $"{(Count > 1 ? "first " : "")}{(FirstSample is null ? "" : FirstSample + " ")}{(Count > 1 || FirstSample is not null ? "at " : "")}line {FirstLine}";

    public void Add(int line, string? sample = null)
    {
        if (Count++ == 0)
        {
            FirstLine = line;
            FirstSample = sample;
        }
    }
}
