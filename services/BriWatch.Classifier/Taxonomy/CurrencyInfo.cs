namespace BriWatch.Classifier.Taxonomy;

/// <param name="Rates">USD per unit from each date on, oldest first.</param>
internal sealed record CurrencyInfo(string Code, (DateOnly From, double UsdPerUnit)[] Rates)
{
    /// <summary>The latest rate on or before <paramref name="date"/>, or the earliest one for older articles.</summary>
    public double UsdPerUnit(DateOnly date)
    {
        var rate = Rates[0].UsdPerUnit;
        foreach (var (from, value) in Rates)
        {
            if (from > date)
            {
                break;
            }

            rate = value;
        }

        return rate;
    }
}
