using System.Text.RegularExpressions;

namespace BriWatch.Crawler.Extraction;

/// <summary>
/// Drops furniture that markup does not give away, from the extracted plain text: bylines, datelines and photo
/// credits at the start ("Por Maria Silva — 28/11/2026", "© Noah Addis"), which belong in metadata; credits trailing a
/// caption ("… Foto: GdP/Hagen Immel"); and the tail from a "related articles" / "share this" heading on.
/// Text-level rules because these lines are plain paragraphs in most pages, with no class to recognise them by.
/// </summary>
internal static partial class TextFurniture
{
    // How many leading paragraphs may be a byline, dateline or credit.
    private const int HeadParagraphs = 3;
    private const int ShortLine = 80;

    private static readonly string[] TailHeadings =
    [
        "auch interessant", "schon gelesen", "mehr zum thema", "weiterführende links", "zum weiterlesen", "siehe auch",
        "das könnte sie auch interessieren", "das könnte dich auch interessieren", "ähnliche beiträge", "ähnliche artikel",
        "verwandte artikel", "weitere artikel", "lesen sie auch", "lies auch", "mehr dazu", "kommentare", "kommentar schreiben",
        "kommentare schreiben", "über den autor", "über die autorin", "diesen artikel teilen", "artikel teilen",
        "related", "related articles", "related posts", "related stories", "read next", "you may also like",
        "you might also like", "see also", "more stories", "leave a comment", "leave a reply", "comments", "about the author",
        "share this", "share this article", "share this post", "lee también", "te puede interesar", "noticias relacionadas",
        "artículos relacionados", "à lire aussi", "lire aussi", "sur le même sujet", "czytaj też", "czytaj także",
        "zobacz też", "zobacz także", "leggi anche", "articoli correlati", "kontakt", "weitere informationen",
        "weitere infos", "mehr infos", "noch mehr infos für dich", "newsletter", "das könnte ihnen auch gefallen",
    ];

    // Advertising labels left where an ad was.
    private static readonly string[] AdLabels = ["anzeige", "werbung", "reklama", "advertisement", "publicidad", "publicité"];

    public static string Clean(string text)
    {
        var paragraphs = text.Split("\n\n").ToList();
        var head = 0;
        while (head < Math.Min(HeadParagraphs, paragraphs.Count - 1) && IsBylineDatelineOrCredit(paragraphs[head]))
        {
            head++;
        }

        paragraphs.RemoveRange(0, head);
        var tail = TailStart(paragraphs);
        if (tail >= 0)
        {
            paragraphs.RemoveRange(tail, paragraphs.Count - tail);
        }

        var kept = paragraphs
            .Select(p => TrailingCredit().Replace(p, string.Empty).TrimEnd())
            .Where(p => p.Length > 0 && !AdLabels.Contains(p.Trim().ToLowerInvariant()));
        return string.Join("\n\n", kept);
    }

    private static bool IsBylineDatelineOrCredit(string paragraph) =>
        paragraph.Length <= ShortLine
        && (Byline().IsMatch(paragraph) || Dateline().IsMatch(paragraph) || Credit().IsMatch(paragraph));

    // A heading in the second half that opens a block of related links, share buttons or comments: all after it goes.
    private static int TailStart(List<string> paragraphs)
    {
        for (var i = Math.Max(1, paragraphs.Count / 2); i < paragraphs.Count; i++)
        {
            var line = paragraphs[i];
            if (line.Length > ShortLine)
            {
                continue;
            }

            var key = HeadingPunctuation().Replace(line.ToLowerInvariant(), string.Empty).Trim();
            if (TailHeadings.Contains(key) || ShareCall().IsMatch(line))
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"^\s*(?:by|von|por|par|di|door|autor|autorin|author|text|texto|written by)[\s:]+\p{Lu}[^.!?]*$",
        RegexOptions.IgnoreCase)]
    private static partial Regex Byline();

    // A line that opens with a date (25.03.2021, 2021-03-25, 25 March 2021, März 2004), optionally after a label.
    [GeneratedRegex(
        @"^\W*(?:[\p{L} ]{1,20}:\s*)?(?:\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{2,4}|\d{4}-\d{2}-\d{2}|(?:\d{1,2}\.?\s+)?\p{L}{3,12}\.?\s+\d{4}\b|\p{L}{3,12}\.?\s+\d{1,2},?\s+\d{4}\b)",
        RegexOptions.IgnoreCase)]
    private static partial Regex Dateline();

    [GeneratedRegex(@"^\W*(?:©|\(c\)|(?:foto|fotos|bild|bilder|photo|photos|photograph|image|credit|crédito|quelle|source)\b)",
        RegexOptions.IgnoreCase)]
    private static partial Regex Credit();

    [GeneratedRegex(@"[\s(\[]*(?:©|(?:foto|fotos|bild|photo|photograph|credit|crédito|quelle)\s*:)\s*[^.!?()\[\]\n]{2,60}[)\]]?\s*$",
        RegexOptions.IgnoreCase)]
    private static partial Regex TrailingCredit();

    [GeneratedRegex(@"(?i)^(?:jetzt |diesen )?(?:teilen|share|partager|compartir|udostępnij)\b|\bartikel\b.*\bteilen\b|^artikel gefallen")]
    private static partial Regex ShareCall();

    [GeneratedRegex(@"[:.!?»«""“”„…]+$|^[»«""“”„]+")]
    private static partial Regex HeadingPunctuation();
}
