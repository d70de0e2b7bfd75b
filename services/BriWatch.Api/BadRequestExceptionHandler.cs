using System.Text.Json;
using System.Text.RegularExpressions;
using BriWatch.Matching.Vocabulary;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace BriWatch.Api;

/// <summary>
/// Turns the binding failures minimal APIs throw (with <see cref="RouteHandlerOptions.ThrowOnBadRequest"/>) into 400
/// problems that say which field or parameter is wrong and why; left alone they are a bare <c>{"title":"Bad Request"}</c>
/// that leaves the caller guessing: malformed JSON, an unknown property, a value of the wrong type or out of range, an
/// unknown enum name, or a query parameter that is not a number.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        // The middleware clears the endpoint before handlers run; its feature keeps the one that threw.
        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? httpContext.GetEndpoint();
        var (field, message) = Describe(bad, endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType);
        var problem = new ProblemDetails
        {
            Status = bad.StatusCode,
            Title = bad.StatusCode == StatusCodes.Status400BadRequest ? "The request is invalid" : "The request cannot be processed",
            Detail = field is null ? message : $"{field}: {message}",
        };
        if (field is not null)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The field or parameter at fault (null when none can be named) and what is wrong with it.</summary>
    /// <param name="bodyType">The endpoint's request body type, to say what a JSON field should hold.</param>
    private static (string? Field, string Message) Describe(BadHttpRequestException bad, Type? bodyType)
    {
        if (bad.InnerException is JsonException json)
        {
            return DescribeJson(json, bodyType);
        }

        var binding = BindFailure().Match(bad.Message);
        if (binding.Success)
        {
            // Parameters bound from [AsParameters] records are named by their property ("Limit"); the query says "limit".
            var name = JsonNamingPolicy.CamelCase.ConvertName(binding.Groups["name"].Value);
            return (name, $"'{binding.Groups["value"].Value}' is not {Expected(binding.Groups["type"].Value)}.");
        }

        // "Required parameter ... was not provided", an empty or oversized body, a wrong content type: the message
        // already says what is wrong in words.
        return (null, bad.Message);
    }

    private static (string? Field, string Message) DescribeJson(JsonException json, Type? bodyType)
    {
        // JsonException.Path is "$.webhook.url" or "$.topics[0]"; "$" alone is the body as a whole.
        var field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        var message = json.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        message = cut >= 0 ? message[..cut] : message;
        if (Unmapped().Match(message) is { Success: true } unmapped)
        {
            return UnknownProperty(field ?? unmapped.Groups["name"].Value, bodyType);
        }

        if (Conversion().IsMatch(message))
        {
            // The serializer names the type being built (for records, the whole request), not what the field holds.
            var expected = field is null || bodyType is null ? null : FieldType(bodyType, field);
            return (field ?? "body", expected is null
                ? "the value has the wrong type or is out of range."
                : $"the value is not {Expected(expected)}.");
        }

        var where = json.LineNumber is { } line && json.BytePositionInLine is { } at ? $" (line {line + 1}, byte {at + 1})" : "";
        return (field, $"the request body is not valid JSON: {message.TrimEnd('.')}{where}.");
    }

    /// <summary>An unknown JSON property, with the closest known one at its level ("topic": did you mean topics?).</summary>
    private static (string Field, string Message) UnknownProperty(string path, Type? bodyType)
    {
        var dot = path.LastIndexOf('.');
        var name = path[(dot + 1)..];
        var owner = bodyType is null ? null : dot < 0 ? bodyType : FieldType(bodyType, path[..dot]);
        owner = owner is null ? null : Nullable.GetUnderlyingType(owner) ?? owner;
        var known = owner?.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Where(p => p.CanWrite || owner.GetConstructors().Any(c => c.GetParameters().Any(a => string.Equals(a.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
            .Select(p => new VocabularyTerm(JsonNamingPolicy.CamelCase.ConvertName(p.Name), ""))
            .ToList();
        if (known is null || known.Count == 0)
        {
            return (path, $"'{name}' is not a known property; remove it.");
        }

        var suggestions = Suggestions.For(name, known);
        var hint = suggestions.Count == 0 ? "" : $" Did you mean {string.Join(" or ", suggestions)}?";
        return (path, $"'{name}' is not a known property.{hint} Known properties: {string.Join(", ", known.Select(k => k.Id))}.");
    }

    /// <summary>The CLR type at a JSON path such as <c>webhook.url</c> or <c>topics[0]</c> of <paramref name="type"/>, or null.</summary>
    private static Type? FieldType(Type type, string path)
    {
        Type? current = type;
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket >= 0 ? segment[..bracket] : segment;
            current = current?.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase)?.PropertyType;
            if (current is not null && bracket >= 0)
            {
                // topics[0]: the element type of the list.
                current = current.IsArray ? current.GetElementType() : current.GetGenericArguments().FirstOrDefault();
            }
        }

        return current;
    }

    /// <summary>What a CLR type asks for, in words.</summary>
    private static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return $"one of {string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName))}";
        }

        return type != typeof(string) && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? "an array" : Expected(type.Name);
    }

    /// <summary>What a CLR type name asks for, in words.</summary>
    private static string Expected(string type)
    {
        var nullable = NullableOf().Match(type);
        var inner = (nullable.Success ? nullable.Groups["inner"].Value : type).Trim();
        var name = inner[(inner.LastIndexOf('.') + 1)..];
        return name switch
        {
            "Int32" or "int" => "a whole number between -2147483648 and 2147483647",
            "Int64" or "long" => "a whole number",
            "Double" or "double" or "Single" or "float" or "Decimal" or "decimal" => "a number (a JSON number, not a string)",
            "Boolean" or "bool" => "true or false",
            "String" or "string" => "a string",
            "DateTimeOffset" or "DateTime" => "an ISO 8601 date and time",
            "TimeSpan" => "a duration such as 00:05:00",
            _ => $"a valid {name} (see the API description for its shape)",
        };
    }

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("^The JSON property '(?<name>.+)' could not be mapped to any .NET member", RegexOptions.Singleline)]
    private static partial Regex Unmapped();

    [GeneratedRegex("^The JSON value could not be converted to ", RegexOptions.Singleline)]
    private static partial Regex Conversion();

    // "System.Nullable`1[System.Int32]" from the serializer, "Nullable<int>" or "int?" from parameter binding.
    [GeneratedRegex(@"^(System\.)?Nullable`1\[(?<inner>.+)\]$|^Nullable<(?<inner>.+)>$|^(?<inner>.+)\?$")]
    private static partial Regex NullableOf();
}
