namespace BriWatch.Classifier.Taxonomy;

/// <param name="Value">The multiplier ("crore" → 1e7).</param>
/// <param name="CommaGroups">Written with Indian/English digits: a comma only groups digits ("5,000 crore", "1,50,000 crore"), a point is decimal.</param>
/// <param name="DotGroups">Written in Spanish, Portuguese or Indonesian style: a point before exactly three digits groups them ("4.714 millones"), a comma is decimal.</param>
internal readonly record struct ScaleInfo(double Value, bool CommaGroups, bool DotGroups = false);
