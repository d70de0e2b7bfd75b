using System.Text.RegularExpressions;

namespace BriWatch.Api;

/// <summary>Collects field errors in the shape <see cref="Results.ValidationProblem"/> expects.</summary>
internal sealed partial class Validation
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsValid => errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            list = [];
            errors[field] = list;
        }

        list.Add(message);
    }

    public void RequireText(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} is required.");
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"{field} must be at most {maxLength} characters.");
        }
    }

    public void RequireHttpUrl(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} is required.");
        }
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            Add(field, $"{field} must be an absolute http or https URL.");
        }
    }

    public void OptionalSlug(string field, string? value)
    {
        if (value is not null && !SlugPattern().IsMatch(value))
        {
            Add(field, $"{field} must be 2-64 characters of lowercase letters, digits and hyphens, starting with a letter or digit.");
        }
    }

    public void OptionalCountry(string field, string? value)
    {
        if (value is not null && !CountryPattern().IsMatch(value))
        {
            Add(field, $"{field} must be an ISO 3166-1 alpha-2 code such as CN or BR.");
        }
    }

    /// <summary>A 400 problem with the messages by field in <c>errors</c> and all of them in <c>detail</c>, for clients that show only that.</summary>
    public IResult Problem() => Results.ValidationProblem(
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        detail: string.Join(" ", errors.SelectMany(e => e.Value.Select(m => m.EndsWith('.') ? m : m + "."))));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryPattern();
}
