using System.Globalization;
using System.Text;

namespace BriWatch.Crawler.Tests.Feeds.Conformance;

/// <summary>The expression could not be translated to our model (an unmapped key or Python construct): the case is not counted.</summary>
internal sealed class UnsupportedExpectException(string reason) : Exception(reason);

/// <summary>
/// Evaluates the subset of Python used by feedparser's <c>Expect:</c> lines (and/or/not, ==, !=, subscripts, len, literals)
/// against a dictionary view of our parse result.
/// </summary>
internal sealed class PythonExpect
{
    private readonly List<string> tokens;
    private readonly Func<string, object?> resolveName;
    private int position;

    private PythonExpect(List<string> tokens, Func<string, object?> resolveName)
    {
        this.tokens = tokens;
        this.resolveName = resolveName;
    }

    public static bool Evaluate(string expression, Func<string, object?> resolveName)
    {
        var parser = new PythonExpect(Tokenize(expression), resolveName);
        var result = parser.Or();
        if (parser.position != parser.tokens.Count)
        {
            throw new UnsupportedExpectException($"unparsed tail at '{parser.tokens[parser.position]}'");
        }

        return Truthy(result);
    }

    private object? Or()
    {
        var left = And();
        while (Accept("or"))
        {
            var right = And();
            left = Truthy(left) ? left : right;
        }

        return left;
    }

    private object? And()
    {
        var left = Not();
        while (Accept("and"))
        {
            var right = Not();
            left = Truthy(left) ? right : left;
        }

        return left;
    }

    private object? Not() => Accept("not") ? !Truthy(Not()) : Comparison();

    private object? Comparison()
    {
        var left = Postfix();
        if (Accept("=="))
        {
            return PyEquals(left, Postfix());
        }

        if (Accept("!="))
        {
            return !PyEquals(left, Postfix());
        }

        if (Peek() is "in" or "<" or ">" or "is")
        {
            throw new UnsupportedExpectException($"operator {Peek()}");
        }

        return left;
    }

    private object? Postfix()
    {
        var value = Primary();
        while (true)
        {
            if (Accept("["))
            {
                var key = Or();
                Expect("]");
                value = Subscript(value, key);
            }
            else if (Peek() == ".")
            {
                throw new UnsupportedExpectException("attribute access");
            }
            else
            {
                return value;
            }
        }
    }

    private object? Primary()
    {
        var token = Next();
        if (token == "(")
        {
            var items = new List<object?>();
            while (!Accept(")"))
            {
                items.Add(Or());
                Accept(",");
            }

            return items;
        }

        if (token == "[")
        {
            var items = new List<object?>();
            while (!Accept("]"))
            {
                items.Add(Or());
                Accept(",");
            }

            return items;
        }

        if (token.StartsWith('\u0001'))
        {
            return token[1..];
        }

        if (long.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        switch (token)
        {
            case "None":
                return null;
            case "True":
                return true;
            case "False":
                return false;
            case "len":
                Expect("(");
                var argument = Or();
                Expect(")");
                return argument switch
                {
                    string s => (long)s.Length,
                    List<object?> l => (long)l.Count,
                    Dictionary<string, object?> d => (long)d.Count,
                    _ => throw new UnsupportedExpectException("len of unsupported value"),
                };
        }

        if (char.IsLetter(token[0]) || token[0] == '_')
        {
            return resolveName(token);
        }

        throw new UnsupportedExpectException($"token '{token}'");
    }

    private static object? Subscript(object? value, object? key) => (value, key) switch
    {
        (List<object?> list, long index) => index < list.Count ? list[(int)index] : throw new KeyNotFoundException($"index {index}"),
        (ExpectDict dict, string name) => dict.Get(name),
        _ => throw new UnsupportedExpectException($"subscript {key} of {value?.GetType().Name ?? "None"}"),
    };

    private static bool PyEquals(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => PyEquals(p.First, p.Second)),
        (long x, bool y) => x == (y ? 1 : 0),
        (bool x, long y) => (x ? 1 : 0) == y,
        _ => a.Equals(b),
    };

    public static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long n => n != 0,
        string s => s.Length > 0,
        List<object?> l => l.Count > 0,
        _ => true,
    };

    private string? Peek() => position < tokens.Count ? tokens[position] : null;

    private string Next() => position < tokens.Count ? tokens[position++] : throw new UnsupportedExpectException("unexpected end");

    private bool Accept(string token)
    {
        if (Peek() == token)
        {
            position++;
            return true;
        }

        return false;
    }

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw new UnsupportedExpectException($"expected '{token}'");
        }
    }

    /// <summary>Splits the expression; string literals come back decoded and prefixed with \u0001.</summary>
    private static List<string> Tokenize(string s)
    {
        var result = new List<string>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '\'' or '"' || ((c is 'u' or 'b' or 'r' or 'U' or 'B' or 'R') && i + 1 < s.Length && s[i + 1] is '\'' or '"'))
            {
                var raw = c is 'r' or 'R';
                if (c is not ('\'' or '"'))
                {
                    i++;
                }

                result.Add("\u0001" + ReadString(s, ref i, raw));
            }
            else if (char.IsLetterOrDigit(c) || c == '_')
            {
                var start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] == '_'))
                {
                    i++;
                }

                result.Add(s[start..i]);
            }
            else if (i + 1 < s.Length && (s.Substring(i, 2) is "==" or "!=" or "<=" or ">="))
            {
                result.Add(s.Substring(i, 2));
                i += 2;
            }
            else
            {
                result.Add(c.ToString());
                i++;
            }
        }

        return result;
    }

    private static string ReadString(string s, ref int i, bool raw)
    {
        var quote = s[i];
        var triple = i + 2 < s.Length && s[i + 1] == quote && s[i + 2] == quote;
        i += triple ? 3 : 1;
        var sb = new StringBuilder();
        while (i < s.Length)
        {
            if (triple ? i + 2 < s.Length && s[i] == quote && s[i + 1] == quote && s[i + 2] == quote : s[i] == quote)
            {
                i += triple ? 3 : 1;
                return sb.ToString();
            }

            if (s[i] == '\\' && !raw && i + 1 < s.Length)
            {
                var e = s[i + 1];
                i += 2;
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case '\\': sb.Append('\\'); break;
                    case '\'': sb.Append('\''); break;
                    case '"': sb.Append('"'); break;
                    case 'x': sb.Append((char)Convert.ToInt32(s.Substring(i, 2), 16)); i += 2; break;
                    case 'u': sb.Append((char)Convert.ToInt32(s.Substring(i, 4), 16)); i += 4; break;
                    case 'U': sb.Append(char.ConvertFromUtf32(Convert.ToInt32(s.Substring(i, 8), 16))); i += 8; break;
                    default: sb.Append('\\').Append(e); break;
                }
            }
            else
            {
                sb.Append(s[i++]);
            }
        }

        throw new UnsupportedExpectException("unterminated string");
    }
}

/// <summary>A feedparser-shaped dictionary: keys we map return values (null = absent), other keys are unsupported.</summary>
internal sealed class ExpectDict(IReadOnlyDictionary<string, object?> values)
{
    public object? Get(string key)
    {
        if (!values.TryGetValue(key, out var value))
        {
            throw new UnsupportedExpectException($"key '{key}'");
        }

        return value ?? throw new KeyNotFoundException(key);
    }
}
