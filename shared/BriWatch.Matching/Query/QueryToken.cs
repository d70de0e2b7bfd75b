namespace BriWatch.Matching.Query;

internal enum TokenKind
{
    Word,
    Phrase,
    LParen,
    RParen,
    Colon,
    Compare,
    And,
    Or,
    Not,
    End,
}

/// <param name="Position">0-based offset in the query text.</param>
internal readonly record struct QueryToken(TokenKind Kind, string Text, int Position, int End);
