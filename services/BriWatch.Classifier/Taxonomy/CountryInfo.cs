namespace BriWatch.Classifier.Taxonomy;

/// <param name="MemberFrom">BRICS membership effective date, if a member.</param>
/// <param name="PartnerFrom">BRICS partner-country status effective date, if a partner.</param>
/// <param name="Bri">Takes part in the Belt and Road Initiative.</param>
internal sealed record CountryInfo(string Code, string Name, DateOnly? MemberFrom, DateOnly? PartnerFrom, bool Bri)
{
    public string PartyReason { get; } = "party:" + Code;

    /// <summary>Evidence reason for a mention that names the country as a competitor or import source, not a party.</summary>
    public string RivalReason { get; } = "rival:" + Code;

    /// <summary>"member", "partner" or null, as of <paramref name="date"/>.</summary>
    public string? BricsStatus(DateOnly date) =>
        MemberFrom <= date ? "member" : PartnerFrom <= date ? "partner" : null;
}
