using BriWatch.Storage.Sources;

namespace BriWatch.Api.Sources;

/// <summary>The operator-editable part of a source.</summary>
public sealed record SourceRequest(
    string? Id,
    string? Name,
    string? Url,
    SourceKind? Kind,
    string? Language,
    string? Country,
    bool? Official,
    bool? Enabled,
    TimeSpan? PollInterval,
    Dictionary<string, string>? Options)
{
    internal Validation Validate(ApiOptions options)
    {
        var validation = new Validation();
        validation.OptionalSlug("id", Id);
        validation.RequireText("name", Name);
        validation.RequireHttpUrl("url", Url);
        validation.OptionalCountry("country", Country);
        if (Language is not null && (Language.Length is < 2 or > 35))
        {
            validation.Add("language", "language must be a BCP 47 tag such as en, zh or pt-BR.");
        }

        if (PollInterval is { } interval && (interval < options.MinPollInterval || interval > TimeSpan.FromDays(7)))
        {
            validation.Add("pollInterval", $"pollInterval must be between {options.MinPollInterval} and 7.00:00:00.");
        }

        return validation;
    }

    internal Source ToSource(string id, DateTimeOffset now) => new()
    {
        Id = id,
        Name = Name!.Trim(),
        Url = Url!,
        Kind = Kind ?? SourceKind.Auto,
        Language = Language,
        Country = Country,
        Official = Official ?? false,
        Enabled = Enabled ?? true,
        PollInterval = PollInterval ?? TimeSpan.FromMinutes(15),
        Options = Options ?? [],
        UpdatedAt = now,
    };
}
