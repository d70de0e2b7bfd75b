namespace BriWatch.Crawler.Feeds;

/// <summary>Line numbers of increasing positions in one text, counted once.</summary>
internal sealed class LineCounter(string text)
{
    private int position;
    private int line = 1;

    /// <summary>The 1-based line of <paramref name="index"/>; indexes must not decrease between calls.</summary>
    public int LineAt(int index)
    {
        for (; position < index && position < text.Length; position++)
        {
            if (text[position] == '\n')
            {
                line++;
            }
        }

        return line;
    }
}
