namespace BriWatch.Classifier.Consumers;

/// <summary>The message can never be classified as sent; retrying is pointless, so it goes straight to the error queue.</summary>
public sealed class InvalidArticleException : Exception
{
    public InvalidArticleException()
    {
    }

    public InvalidArticleException(string message)
        : base(message)
    {
    }

    public InvalidArticleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
