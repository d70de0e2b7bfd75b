namespace BriWatch.Classifier.Pipeline;

/// <param name="Id">The article id; it is the story id until story clustering says otherwise.</param>
/// <param name="Published">Membership of BRICS is judged as of this date.</param>
/// <param name="LanguageHint">What the source declares (BCP 47); used only when the text itself is inconclusive.</param>
public sealed record ArticleInput(string Id, string Title, string Text, DateTimeOffset Published, string? LanguageHint = null);
