using System.Globalization;

namespace BriWatch.Alerting.Alerts;

/// <summary>How a story changed since the subscription's last alert on it; the <c>development</c> of an alert body.</summary>
public sealed record StoryDevelopment(string? PreviousStage, string? Stage, double? PreviousAmountUsd, double? AmountUsd)
{
    public static StoryDevelopment Between(StoryFacts previous, StoryFacts current) =>
        new(previous.Stage, current.Stage, previous.AmountUsd, current.AmountUsd);

    /// <summary>One line for people, e.g. "stage signed → financed · amount $1.2B → $1.5B".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (!string.Equals(PreviousStage, Stage, StringComparison.Ordinal))
        {
            parts.Add($"stage {PreviousStage ?? "unknown"} → {Stage}");
        }

        if (PreviousAmountUsd != AmountUsd)
        {
            parts.Add($"amount {Money(PreviousAmountUsd)} → {Money(AmountUsd)}");
        }

        return "New development: " + string.Join(" · ", parts);
    }

    private static string Money(double? amount) => amount switch
    {
        null => "unknown",
        >= 1e9 => "$" + (amount.Value / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "B",
        >= 1e6 => "$" + (amount.Value / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        _ => "$" + amount.Value.ToString("0", CultureInfo.InvariantCulture),
    };
}
