namespace BriWatch.Classifier.Taxonomy;

/// <param name="Kind">organisation or project.</param>
/// <param name="Framing">Topic index (brics or bri) the entity frames an article under, or -1.</param>
/// <param name="Countries">Country indexes the entity ties an article to (home, host, builder).</param>
/// <param name="Topics">Topic indexes the entity implies.</param>
internal sealed record EntityInfo(string Name, string Kind, int Framing, int[] Countries, int[] Topics);
