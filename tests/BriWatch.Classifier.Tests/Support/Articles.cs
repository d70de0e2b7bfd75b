namespace BriWatch.Classifier.Tests.Support;

internal static class Articles
{
    public const string BydTitle = "BYD to build its first European car plant in Hungary";

    public const string BydText =
        "Chinese electric vehicle maker BYD will build its first European passenger car factory in Szeged, Hungary, the company said on Friday, after signing an "
        + "agreement with the Hungarian government. The plant will produce electric vehicles and plug-in hybrids for the European market, with production "
        + "starting in 2025. Hungary's foreign minister said the investment was the largest in the region's history and would create thousands of jobs. "
        + "BYD already runs an electric bus factory in Komárom, Hungary, and is looking for a site for a second European plant. The Szeged factory will "
        + "have an annual capacity of 200,000 vehicles in its first phase.";
}
