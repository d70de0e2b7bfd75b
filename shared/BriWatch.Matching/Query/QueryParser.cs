using System.Globalization;
using BriWatch.Matching.Vocabulary;

namespace BriWatch.Matching.Query;

/// <summary>
/// Recursive descent over: or := and (OR and)*; and := unary ([AND] unary)*; unary := NOT unary | primary;
/// primary := ( or ) | field:value | field:(v OR v ...) | field op number | term | "phrase".
/// Recursion is bounded so no query can overflow the stack: the text and its token count are capped, each NOT and each
/// parenthesis counts toward <see cref="MaxDepth"/>, and AND/OR chains are built as balanced trees (depth log2 n) rather
/// than one node deeper per operand, since every analyser and evaluator walks the tree recursively.
/// </summary>
internal sealed class QueryParser
{
    /// <summary>How deeply parentheses and NOTs may nest, together.</summary>
    public const int MaxDepth = 64;

    /// <summary>The most tokens (terms, operators, parentheses) a query may have; a 2,000-character query of one-letter words fits.</summary>
    public const int MaxTokens = 1_000;

    private readonly List<QueryToken> tokens;
    private readonly bool knownValuesOnly;
    private int index;
    private int depth;

    private QueryParser(List<QueryToken> tokens, bool knownValuesOnly)
    {
        this.tokens = tokens;
        this.knownValuesOnly = knownValuesOnly;
    }

    private QueryToken Current => tokens[index];

    /// <param name="knownValuesOnly">Refuse topic and stage values outside <see cref="QueryVocabulary"/>.</param>
    public static QueryNode Parse(string text, bool knownValuesOnly)
    {
        var tokens = QueryLexer.Tokenize(text);
        if (tokens.Count - 1 > MaxTokens)
        {
            // The End token is not counted.
            throw new QueryParseException(string.Create(CultureInfo.InvariantCulture, $"The query has {tokens.Count - 1:N0} terms and operators; the limit is {MaxTokens:N0}"), tokens[MaxTokens].Position + 1);
        }

        var parser = new QueryParser(tokens, knownValuesOnly);
        if (parser.Current.Kind == TokenKind.End)
        {
            throw new QueryParseException("The query is empty", 1);
        }

        var node = parser.ParseOr();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw parser.Error(parser.Current.Kind == TokenKind.RParen ? "Unmatched ')'" : $"Unexpected '{parser.Current.Text}'");
        }

        return node;
    }

    private QueryNode ParseOr()
    {
        var operands = new List<QueryNode> { ParseAnd() };
        while (Current.Kind == TokenKind.Or)
        {
            index++;
            operands.Add(ParseAnd());
        }

        return Balanced(operands, 0, operands.Count, static (l, r) => new OrNode(l, r));
    }

    private QueryNode ParseAnd()
    {
        var operands = new List<QueryNode> { ParseUnary() };
        while (Current.Kind is TokenKind.And or TokenKind.Not or TokenKind.Word or TokenKind.Phrase or TokenKind.LParen)
        {
            if (Current.Kind == TokenKind.And)
            {
                index++;
            }

            operands.Add(ParseUnary());
        }

        return Balanced(operands, 0, operands.Count, static (l, r) => new AndNode(l, r));
    }

    /// <summary>
    /// Joins operands in their order (so evaluation short-circuits left to right as written) into a balanced tree:
    /// AND and OR are associative, and a left-deep chain of a thousand terms would be a thousand frames deep to walk.
    /// </summary>
    private static QueryNode Balanced(List<QueryNode> operands, int start, int end, Func<QueryNode, QueryNode, QueryNode> join)
    {
        if (end - start == 1)
        {
            return operands[start];
        }

        var middle = start + ((end - start) / 2);
        return join(Balanced(operands, start, middle, join), Balanced(operands, middle, end, join));
    }

    private QueryNode ParseUnary()
    {
        // Iterative, and each NOT nests one level: "NOT NOT ... x" is as deep a tree as "((( x )))".
        var nots = 0;
        while (Current.Kind == TokenKind.Not)
        {
            if (++depth > MaxDepth)
            {
                throw Error($"NOTs and parentheses nest deeper than {MaxDepth}");
            }

            index++;
            nots++;
        }

        var node = ParsePrimary();
        for (var n = 0; n < nots; n++)
        {
            node = new NotNode(node);
        }

        depth -= nots;
        return node;
    }

    private QueryNode ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.LParen:
                if (++depth > MaxDepth)
                {
                    throw Error($"Parentheses and NOTs nest deeper than {MaxDepth}");
                }

                index++;
                var inner = ParseOr();
                Expect(TokenKind.RParen, "Missing ')' to close the '(' at position " + (token.Position + 1));
                depth--;
                return inner;
            case TokenKind.Phrase:
                index++;
                return new TextNode(token.Text);
            case TokenKind.Word:
                index++;
                var next = Current;
                if (next.Position == token.End && next.Kind == TokenKind.Colon)
                {
                    index++;
                    return ParseFieldValue(token);
                }

                if (next.Position == token.End && next.Kind == TokenKind.Compare)
                {
                    index++;
                    return ParseComparison(token, next);
                }

                return new TextNode(token.Text);
            case TokenKind.End:
                throw Error("The query ends where a term was expected");
            default:
                throw Error($"Expected a term, a field or '(' but found '{token.Text}'");
        }
    }

    private QueryNode ParseFieldValue(QueryToken field)
    {
        var name = KnownField(field);
        if (QueryFields.Numbers.Contains(name))
        {
            throw new QueryParseException($"'{name}' is a number; compare it, e.g. {name}>=" + (name == QueryFields.Score ? "0.7" : "100M"), field.Position + 1);
        }

        if (name == QueryFields.Official)
        {
            var value = Current;
            index++;
            return value.Kind == TokenKind.Word && bool.TryParse(value.Text, out var flag)
                ? new OfficialNode(flag)
                : throw new QueryParseException("official takes true or false", value.Position + 1);
        }

        if (Current.Kind != TokenKind.LParen)
        {
            return new TermNode(name, [ParseValue(name)]);
        }

        // field:(A OR B OR C) lists alternatives for one field.
        var open = Current;
        index++;
        var values = new List<string> { ParseValue(name) };
        while (Current.Kind == TokenKind.Or)
        {
            index++;
            values.Add(ParseValue(name));
        }

        Expect(TokenKind.RParen, $"Expected OR or ')' in the {name}:( list opened at position {open.Position + 1}");
        return new TermNode(name, values);
    }

    private string ParseValue(string field)
    {
        var token = Current;
        if (token.Kind is not (TokenKind.Word or TokenKind.Phrase))
        {
            throw Error($"Expected a value for {field}");
        }

        if (knownValuesOnly && QueryVocabulary.ValuesOf(field) is { } known && !known.Any(k => string.Equals(k.Id, token.Text, StringComparison.OrdinalIgnoreCase)))
        {
            throw new QueryParseException(QueryVocabulary.Unknown(token.Text, field, known), token.Position + 1);
        }

        index++;
        return field == QueryFields.Country ? token.Text.ToUpperInvariant() : token.Text;
    }

    private CompareNode ParseComparison(QueryToken field, QueryToken op)
    {
        var name = KnownField(field);
        if (!QueryFields.Numbers.Contains(name))
        {
            throw new QueryParseException($"'{name}' cannot be compared with '{op.Text}'; write {name}:value", op.Position + 1);
        }

        var value = Current;
        if (value.Kind != TokenKind.Word || value.Position != op.End)
        {
            throw new QueryParseException($"Expected a number right after '{name}{op.Text}'", op.End + 1);
        }

        index++;
        return new CompareNode(name, op.Text, ParseNumber(name, value));
    }

    private static double ParseNumber(string field, QueryToken token)
    {
        var text = token.Text;
        var multiplier = 1d;
        if (field == QueryFields.AmountUsd && text.Length > 1)
        {
            multiplier = char.ToUpperInvariant(text[^1]) switch { 'K' => 1e3, 'M' => 1e6, 'B' => 1e9, 'T' => 1e12, _ => 1 };
            text = multiplier == 1 ? text : text[..^1];
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            var hint = field == QueryFields.AmountUsd ? " (digits with an optional K, M, B or T suffix)" : "";
            throw new QueryParseException($"'{token.Text}' is not a number{hint}", token.Position + 1);
        }

        return number * multiplier;
    }

    private static string KnownField(QueryToken field)
    {
        var name = field.Text.ToLowerInvariant();
        return QueryFields.All.Contains(name)
            ? name
            : throw new QueryParseException($"Unknown field '{field.Text}'; use one of {string.Join(", ", QueryFields.All)}", field.Position + 1);
    }

    private void Expect(TokenKind kind, string message)
    {
        if (Current.Kind != kind)
        {
            throw Error(message);
        }

        index++;
    }

    private QueryParseException Error(string message) => new(message, Current.Position + 1);
}
