namespace BriWatch.Contracts;

/// <summary>A money amount an article states (part of <see cref="ArticleClassified"/>).</summary>
/// <param name="Value">In units of <paramref name="Currency"/> ("1,2 mil milhões de reais" is 1.2e9 BRL).</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="AmountUsd">The value in US dollars at the rate of the article's date.</param>
/// <param name="Role">deal, loan, investment, capacity or background (a bank's capital, trade volume, GDP, last year's figures).</param>
/// <param name="Start">Offset of the evidence in <c>Title + "\n" + Text</c>.</param>
/// <param name="Evidence">The amount as the article writes it.</param>
public sealed record DealAmount(double Value, string Currency, double? AmountUsd, string Role, int Start, int Length, string Evidence);
