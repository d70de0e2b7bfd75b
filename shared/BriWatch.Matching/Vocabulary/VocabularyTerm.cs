namespace BriWatch.Matching.Vocabulary;

/// <summary>A value a query field or subscription filter can take, with what it means.</summary>
public sealed record VocabularyTerm(string Id, string Description);
