namespace BriWatch.Matching.Query;

internal static class QueryLexer
{
    public static List<QueryToken> Tokenize(string text)
    {
        var tokens = new List<QueryToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or ':')
            {
                tokens.Add(new(c switch { '(' => TokenKind.LParen, ')' => TokenKind.RParen, _ => TokenKind.Colon }, c.ToString(), i, i + 1));
                i++;
            }
            else if (c is '>' or '<' or '=')
            {
                var length = i + 1 < text.Length && text[i + 1] == '=' && c != '=' ? 2 : 1;
                tokens.Add(new(TokenKind.Compare, text.Substring(i, length), i, i + length));
                i += length;
            }
            else if (c == '"')
            {
                var close = text.IndexOf('"', i + 1);
                if (close < 0)
                {
                    throw new QueryParseException("Unterminated quoted phrase; add the closing \"", i + 1);
                }

                var phrase = string.Join(' ', text[(i + 1)..close].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                if (phrase.Length == 0)
                {
                    throw new QueryParseException("Empty quoted phrase", i + 1);
                }

                tokens.Add(new(TokenKind.Phrase, phrase, i, close + 1));
                i = close + 1;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or ':' or '"' or '>' or '<' or '='))
                {
                    i++;
                }

                var word = text[start..i];
                // Operators in any case: a lower-case "or" searched as a word silently narrowed the query. Quote
                // the word ("or") to search for it.
                var kind = word.ToUpperInvariant() switch
                {
                    "AND" => TokenKind.And,
                    "OR" => TokenKind.Or,
                    "NOT" => TokenKind.Not,
                    _ => TokenKind.Word,
                };
                tokens.Add(new(kind, word, start, i));
            }
        }

        tokens.Add(new(TokenKind.End, "", text.Length, text.Length));
        return tokens;
    }
}
