using System.Text;

namespace BriWatch.Crawler.Feeds;

/// <summary>Decodes bytes as UTF-8 where they are UTF-8 and reads each stray byte as the windows-1252 character it almost always is.</summary>
internal static class MixedUtf8
{
    public static MixedUtf8Text Decode(ReadOnlySpan<byte> body)
    {
        var windows1252 = Encoding.GetEncoding(1252);
        var text = new StringBuilder(body.Length);
        var stray = 0;
        var multiByte = 0;
        Span<char> one = stackalloc char[2];
        while (!body.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(body, out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                text.Append(one[..rune.EncodeToUtf16(one)]);
                multiByte += consumed > 1 ? 1 : 0;
            }
            else
            {
                consumed = 1;
                stray++;
                text.Append(windows1252.GetString(body[..1]));
            }

            body = body[consumed..];
        }

        return new MixedUtf8Text(text.ToString(), stray, multiByte);
    }
}

/// <param name="StrayBytes">Bytes that were not part of a UTF-8 sequence.</param>
/// <param name="MultiByteSequences">Valid UTF-8 sequences of more than one byte: the evidence that the text is UTF-8 at all.</param>
internal sealed record MixedUtf8Text(string Text, int StrayBytes, int MultiByteSequences)
{
    /// <summary>More real UTF-8 characters than stray bytes: UTF-8 with a few pasted legacy bytes, not a legacy document.</summary>
    public bool MostlyUtf8 => MultiByteSequences > StrayBytes;

    public string StrayBytesPhrase => $"{StrayBytes} stray byte{(StrayBytes == 1 ? "" : "s")}";
}
