namespace BriWatch.Classifier.Matching;

internal interface IMatchSink
{
    /// <summary>A pattern ends at <paramref name="end"/> (exclusive) in the scanned span; longer patterns ending there come first.</summary>
    void OnMatch(int pattern, int start, int end);
}
