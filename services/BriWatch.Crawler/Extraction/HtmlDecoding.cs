using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Text;

namespace BriWatch.Crawler.Extraction;

/// <summary>Decodes raw page bytes to text: byte-order mark, then valid UTF-8, then the declared meta charset.</summary>
internal static partial class HtmlDecoding
{
    private const int SniffLength = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static HtmlDecoding()
    {
        // GBK, Big5, Shift_JIS, KOI8-R and the Windows code pages are not built into .NET.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }

        if (bytes.StartsWith(Encoding.Unicode.Preamble))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }

        if (bytes.StartsWith(Encoding.BigEndianUnicode.Preamble))
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }

        // Re-encoded pages often keep a stale charset declaration; bytes that are valid UTF-8 almost never are anything else.
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return DeclaredEncoding(bytes).GetString(bytes);
        }
    }

    private static Encoding DeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, SniffLength)]);
        var match = MetaCharset().Match(head);
        // HTML's default for undeclared legacy pages is windows-1252.
        return match.Success && TextEncoding.IsSupported(match.Groups[1].Value)
            ? TextEncoding.Resolve(match.Groups[1].Value)
            : TextEncoding.Windows1252;
    }

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?\s*([A-Za-z0-9_.:-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}
