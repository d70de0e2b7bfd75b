namespace BriWatch.Classifier.Terms;

/// <summary>Receives the terms <see cref="TermMatcher"/> finds.</summary>
internal interface ITermSink
{
    /// <summary>A pattern ends at <paramref name="end"/> (exclusive) in the scanned span; longer patterns ending there come first.</summary>
    void OnTerm(int pattern, int start, int end);
}
