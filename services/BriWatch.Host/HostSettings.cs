namespace BriWatch.Host;

/// <param name="Urls">Kestrel URLs for the API, dashboard and (with <paramref name="Demo"/>) the demo endpoints.</param>
/// <param name="Demo">Serve the demo feed and webhook receiver and register them as a source and a subscription.</param>
/// <param name="DatabasePath">SQLite file used unless configuration selects another store.</param>
internal sealed record HostSettings(string Urls, bool Demo, string DatabasePath)
{
    public const string DefaultUrls = "http://localhost:8080";
    public const string DefaultDatabasePath = "./data/briwatch.db";
}
