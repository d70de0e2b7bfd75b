using System.Text;
using System.Text.RegularExpressions;

namespace BriWatch.Crawler.Feeds;

/// <summary>Decides how to decode a fetched document: BOM, then the HTTP charset, then the XML declaration or meta charset, else UTF-8.</summary>
internal static partial class FeedEncoding
{
    static FeedEncoding()
    {
        // GB2312/GBK/GB18030, Big5, Windows-1251, KOI8-R and Shift_JIS live in the code-pages provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Decodes <paramref name="body"/>; <see cref="DecodedText.Mismatch"/> says why when a declared charset was unknown or did not fit the bytes.</summary>
    public static DecodedText Decode(ReadOnlySpan<byte> body, string? contentType)
    {
        var bom = FromBom(body, out var bomLength);
        if (bom is not null)
        {
            return new(bom.GetString(body[bomLength..]), bom.WebName, null);
        }

        var httpCharset = Charset(contentType);
        if (httpCharset is null && IsTextMediaType(contentType) && System.Text.Ascii.IsValid(body))
        {
            // RFC 3023: text/* without a charset is US-ASCII. We only say so when the bytes agree, because servers
            // routinely send UTF-8 or GB2312 documents as bare text/xml and the XML declaration is then the truth.
            return new(Encoding.ASCII.GetString(body), "us-ascii", null);
        }

        var declared = httpCharset ?? DocumentCharset(body);
        if (declared is null)
        {
            if (DecodeStrict(body, Encoding.UTF8) is { } utf8Text)
            {
                return new(utf8Text, "utf-8", null);
            }

            var guess = MixedUtf8.Decode(body);
            return guess.MostlyUtf8
                ? new(guess.Text, "utf-8", $"no character encoding declared and the bytes are UTF-8 except {guess.StrayBytesPhrase} read as windows-1252")
                : new(Latin1(body), "windows-1252", "no character encoding declared and the bytes are not UTF-8; decoded as windows-1252");
        }

        var name = declared.Trim().Trim('"', '\'');
        var encoding = Lookup(declared);
        if (encoding is null)
        {
            return DecodeStrict(body, Encoding.UTF8) is { } text
                ? new(text, "utf-8", $"declared character encoding {name} is unknown; decoded as utf-8")
                : new(Latin1(body), "windows-1252", $"declared character encoding {name} is unknown; decoded as windows-1252");
        }

        if (DecodeStrict(body, encoding) is { } strict)
        {
            return new(strict, encoding.WebName, null);
        }

        // The declared charset does not fit the bytes; UTF-8 mislabelled as something else is the common case.
        if (DecodeStrict(body, Encoding.UTF8) is { } fallback)
        {
            return new(fallback, "utf-8", $"declared character encoding {name} does not fit the bytes; decoded as utf-8");
        }

        // UTF-8 with a few bytes pasted from a legacy encoding (a windows-1252 "‹" or curly quote): decoding it all as
        // UTF-8 would turn each into U+FFFD, and each is almost always the windows-1252 character.
        var mixed = MixedUtf8.Decode(body);
        if (encoding.CodePage == Encoding.UTF8.CodePage || mixed.MostlyUtf8)
        {
            return new(mixed.Text, "utf-8", $"declared character encoding {name} does not fit the bytes; decoded as utf-8 with {mixed.StrayBytesPhrase} read as windows-1252");
        }

        return new(encoding.GetString(body), encoding.WebName, $"declared character encoding {name} does not fit the bytes; decoded as {encoding.WebName}");
    }

    public static Encoding? Lookup(string name)
    {
        var normalized = name.Trim().Trim('"', '\'').ToLowerInvariant() switch
        {
            "gb2312" or "gbk" or "x-gbk" or "cp936" => "gb18030",
            "x-sjis" or "sjis" or "ms_kanji" => "shift_jis",
            "big5-hkscs" => "big5",
            "latin1" or "latin-1" => "iso-8859-1",
            "ascii" => "us-ascii",
            var other => other,
        };
        try
        {
            return Encoding.GetEncoding(normalized);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Encoding? FromBom(ReadOnlySpan<byte> body, out int length)
    {
        (Encoding? encoding, length) = body switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (Encoding.UTF8, 3),
            [0xFF, 0xFE, 0x00, 0x00, ..] => (Encoding.UTF32, 4),
            [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(bigEndian: true, byteOrderMark: false), 4),
            [0xFF, 0xFE, ..] => (Encoding.Unicode, 2),
            [0xFE, 0xFF, ..] => (Encoding.BigEndianUnicode, 2),
            _ => ((Encoding?)null, 0),
        };
        return encoding;
    }

    private static string? DecodeStrict(ReadOnlySpan<byte> body, Encoding encoding)
    {
        var strict = Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        try
        {
            return strict.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool IsTextMediaType(string? contentType) =>
        contentType is not null && contentType.TrimStart().StartsWith("text/", StringComparison.OrdinalIgnoreCase);

    private static string Latin1(ReadOnlySpan<byte> body) => Encoding.GetEncoding(1252).GetString(body);

    private static string? Charset(string? contentType) =>
        contentType is not null && CharsetPattern().Match(contentType) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The charset the document itself declares, in its XML declaration or a meta tag near the top.</summary>
    private static string? DocumentCharset(ReadOnlySpan<byte> body)
    {
        var head = Encoding.ASCII.GetString(body[..Math.Min(body.Length, 2048)]);
        return XmlDeclarationCharset(head) ?? MetaCharset(head);
    }

    private static string? XmlDeclarationCharset(string head) =>
        XmlDeclarationPattern().Match(head) is { Success: true } m ? m.Groups[1].Value : null;

    private static string? MetaCharset(string head) =>
        MetaCharsetPattern().Match(head) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"charset\s*=\s*[""']?([\w.:-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetPattern();

    [GeneratedRegex(@"^\s*<\?xml[^>]*encoding\s*=\s*[""']([\w.:-]+)[""']", RegexOptions.IgnoreCase)]
    private static partial Regex XmlDeclarationPattern();

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?([\w.:-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharsetPattern();
}
