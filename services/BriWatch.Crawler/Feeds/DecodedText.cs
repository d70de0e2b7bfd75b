namespace BriWatch.Crawler.Feeds;

/// <summary>A fetched body as text, from <see cref="FeedEncoding.Decode"/>.</summary>
internal readonly record struct DecodedText
{
    public DecodedText(string text, string encodingName, string? mismatch)
    {
        Text = text;
        EncodingName = encodingName;
        Mismatch = mismatch;
    }

    public string Text { get; }

    /// <summary>The encoding the text was decoded with (web name, lower case).</summary>
    public string EncodingName { get; }

    /// <summary>
    /// Why decoding did not follow the document, readable (e.g. <c>declared character encoding us-ascii does not fit the
    /// bytes; decoded as utf-8</c>); null when it followed the declared charset, or nothing was declared and UTF-8 fit.
    /// </summary>
    public string? Mismatch { get; }

    public bool Trusted => Mismatch is null;

    public void Deconstruct(out string text, out string encodingName, out bool trusted)
    {
        text = Text;
        encodingName = EncodingName;
        trusted = Trusted;
    }
}
