using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BriWatch.Contracts;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Digests;

namespace BriWatch.Alerting.Alerts;

/// <summary>The facts of a story whose change makes it a new development: its project stage and deal amount.</summary>
public sealed record StoryFacts(string? Stage, double? AmountUsd)
{
    /// <summary>Amounts are re-reported with rounding and currency conversion, so only a change above 1% is news.</summary>
    public const double AmountTolerance = 0.01;

    public static StoryFacts Of(ArticleClassified article) => new(article.Stage, article.AmountUsd);

    public static StoryFacts Of(Delivery delivery) => new(delivery.Stage, delivery.AmountUsd);

    public static StoryFacts Of(DigestItem item) => new(item.Stage, item.AmountUsd);

    /// <summary>
    /// True when this article states a stage or amount that differs from <paramref name="alerted"/>. A fact the article
    /// leaves out is not news: syndicated copies and rewrites often drop the amount or the stage.
    /// </summary>
    public bool IsNewOver(StoryFacts alerted) =>
        (Stage is not null && !string.Equals(Stage, alerted.Stage, StringComparison.Ordinal))
        || (AmountUsd is { } amount && (alerted.AmountUsd is not { } before || Math.Abs(amount - before) > AmountTolerance * Math.Abs(before)));

    /// <summary>These facts with what the article left out carried over from <paramref name="alerted"/>.</summary>
    public StoryFacts Over(StoryFacts alerted) => new(Stage ?? alerted.Stage, AmountUsd ?? alerted.AmountUsd);

    /// <summary>
    /// The delivery revision of a development: derived from the facts alone, so every copy or redelivery reporting
    /// the same development maps to the same deliveries. Amounts count to three significant digits.
    /// </summary>
    public string Revision()
    {
        var amount = AmountUsd?.ToString("G3", CultureInfo.InvariantCulture) ?? "";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Stage}\n{amount}"));
        return "rev_" + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }
}
