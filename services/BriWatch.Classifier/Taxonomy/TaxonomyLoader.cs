using System.Globalization;
using BriWatch.Classifier.Terms;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace BriWatch.Classifier.Taxonomy;

/// <summary>Reads the taxonomy folder and compiles it; every defect is reported with its file and place.</summary>
internal static class TaxonomyLoader
{
    public const string DefaultPath = "seeds/taxonomy";

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Resolves a relative path against the application's base directory, where the seeds are copied.</summary>
    public static string ResolvePath(string? configured) =>
        Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, string.IsNullOrWhiteSpace(configured) ? DefaultPath : configured));

    public static CompiledTaxonomy Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidDataException($"Taxonomy folder '{directory}' does not exist (set Classifier:TaxonomyPath).");
        }

        var languages = Read<LanguagesDocument>(directory, "languages.yaml");
        var topics = Read<TopicsDocument>(directory, "topics.yaml");
        var countries = Read<CountriesDocument>(directory, "countries.yaml");
        var entities = Read<EntitiesDocument>(directory, "entities.yaml");
        var signals = Read<SignalsDocument>(directory, "signals.yaml");
        var rates = Read<RatesDocument>(directory, "rates.yaml");
        var languageCodes = languages.Languages.Keys.ToArray();
        var endings = languages.Languages.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)(kv.Value.Endings.Count > 0 ? kv.Value.Endings : [""]));

        // The phases add their terms in a fixed order: a pattern's id is its place in the registry.
        var registry = new PatternRegistry();
        AddStopwords(registry, languages, languageCodes);
        var roles = CompileTopics(registry, topics, endings);
        var (countryInfos, countryIndex) = CompileCountries(registry, countries, endings);
        var entityInfos = CompileEntities(registry, entities, countryIndex, endings);
        AddSignals(registry, signals, endings);
        var hostWords = CompileHostWords(signals, endings);
        var currencies = CompileCurrencies(registry, rates);
        var scales = CompileScales(rates);
        AddNamedTerms(registry, rates.AmountRoles, CompiledTaxonomy.AmountRoleIds, TermKind.AmountRole, endings, "rates.yaml", "amount_roles", "amount role", string.Join(", ", CompiledTaxonomy.AmountRoleIds));
        var joiners = CompileJoiners(rates);

        var (matcher, patterns, entries) = registry.Compile();
        return new CompiledTaxonomy
        {
            Version = string.Create(CultureInfo.InvariantCulture, $"topics.v{topics.Version}+countries.v{countries.Version}+entities.v{entities.Version}+signals.v{signals.Version}+languages.v{languages.Version}+rates.v{rates.Version}"),
            Matcher = matcher,
            EntriesByPattern = entries,
            Patterns = patterns,
            TopicRoles = roles,
            Countries = countryInfos,
            Entities = entityInfos,
            Languages = languageCodes,
            Currencies = currencies,
            Scales = scales,
            Joiners = joiners,
            HostWords = hostWords,
            PassiveMarkers = signals.RolePassive.Select(w => TextFolding.Fold(w.Trim())).ToHashSet(StringComparer.Ordinal),
        };
    }

    private static void AddStopwords(PatternRegistry registry, LanguagesDocument languages, string[] languageCodes)
    {
        for (var l = 0; l < languageCodes.Length; l++)
        {
            foreach (var word in languages.Languages[languageCodes[l]].Stopwords)
            {
                registry.Add(word, TermKind.Stopword, l, [""], $"languages.yaml {languageCodes[l]}");
            }
        }
    }

    private static TopicRole[] CompileTopics(PatternRegistry registry, TopicsDocument topics, Dictionary<string, IReadOnlyList<string>> endings)
    {
        var roles = new TopicRole[Topics.Ids.Count];
        var unknownTopics = topics.Topics.Keys.Except(Topics.Ids).ToList();
        if (unknownTopics.Count > 0)
        {
            throw new InvalidDataException($"topics.yaml: unknown topic id(s) {string.Join(", ", unknownTopics)}; the ids are fixed: {string.Join(", ", Topics.Ids)}.");
        }

        for (var t = 0; t < Topics.Ids.Count; t++)
        {
            if (!topics.Topics.TryGetValue(Topics.Ids[t], out var topic))
            {
                throw new InvalidDataException($"topics.yaml: topic '{Topics.Ids[t]}' is missing.");
            }

            roles[t] = ParseRole(topic.Role, Topics.Ids[t]);
            AddTerms(registry, topic.Terms, TermKind.Topic, t, endings, $"topics.yaml {Topics.Ids[t]}");
        }

        return roles;
    }

    private static (CountryInfo[] Countries, Dictionary<string, int> IndexByCode) CompileCountries(PatternRegistry registry, CountriesDocument countries, Dictionary<string, IReadOnlyList<string>> endings)
    {
        var countryInfos = new List<CountryInfo>();
        var countryIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (code, country) in countries.Countries)
        {
            if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper))
            {
                throw new InvalidDataException($"countries.yaml: '{code}' is not an ISO 3166-1 alpha-2 code.");
            }

            countryIndex[code] = countryInfos.Count;
            countryInfos.Add(new CountryInfo(
                code,
                string.IsNullOrWhiteSpace(country.Name) ? throw new InvalidDataException($"countries.yaml {code}: name is missing.") : country.Name,
                ParseDate(country.Brics?.MemberFrom, $"countries.yaml {code} brics.member_from"),
                ParseDate(country.Brics?.PartnerFrom, $"countries.yaml {code} brics.partner_from"),
                country.Bri));
            AddTerms(registry, country.Names, TermKind.Country, countryIndex[code], endings, $"countries.yaml {code}");
        }

        return ([.. countryInfos], countryIndex);
    }

    private static EntityInfo[] CompileEntities(PatternRegistry registry, EntitiesDocument entities, Dictionary<string, int> countryIndex, Dictionary<string, IReadOnlyList<string>> endings)
    {
        var entityInfos = new List<EntityInfo>();
        foreach (var entity in entities.Entities)
        {
            var where = $"entities.yaml '{entity.Name}'";
            if (string.IsNullOrWhiteSpace(entity.Name) || entity.Kind is not ("organisation" or "project"))
            {
                throw new InvalidDataException($"{where}: needs a name and a kind of organisation or project.");
            }

            var framing = entity.Framing switch
            {
                null => -1,
                "brics" => Topics.Brics,
                "bri" => Topics.Bri,
                _ => throw new InvalidDataException($"{where}: framing must be brics or bri, not '{entity.Framing}'."),
            };
            var entityCountries = entity.Countries.Select(c => countryIndex.TryGetValue(c, out var i) ? i : throw new InvalidDataException($"{where}: country '{c}' is not in countries.yaml.")).ToArray();
            var entityTopics = entity.Topics.Select(t => Topics.Ids.ToList().IndexOf(t) is var i and >= 0 ? i : throw new InvalidDataException($"{where}: unknown topic '{t}'.")).ToArray();
            AddTerms(registry, entity.Aliases, TermKind.Entity, entityInfos.Count, endings, where);
            entityInfos.Add(new EntityInfo(entity.Name, entity.Kind, framing, entityCountries, entityTopics));
        }

        return [.. entityInfos];
    }

    private static void AddSignals(PatternRegistry registry, SignalsDocument signals, Dictionary<string, IReadOnlyList<string>> endings)
    {
        AddTerms(registry, signals.Cooperation, TermKind.Cooperation, 0, endings, "signals.yaml cooperation");
        AddTerms(registry, signals.Negative, TermKind.Negative, 0, endings, "signals.yaml negative");

        // `intent` is no stage but a cue class: purpose and plan phrases, weak evidence of `announced` (see SelectStage).
        // It takes the id after the last stage.
        string[] stageIds = [.. CompiledTaxonomy.StageIds, CompiledTaxonomy.StageIntent];
        AddNamedTerms(registry, signals.Stages, stageIds, TermKind.Stage, endings, "signals.yaml", "stages", "stage", $"{string.Join(", ", CompiledTaxonomy.StageIds)} or {CompiledTaxonomy.StageIntent}");
        AddNamedTerms(registry, signals.Roles, CompiledTaxonomy.RoleIds, TermKind.Role, endings, "signals.yaml", "roles", "role", $"{string.Join(", ", CompiledTaxonomy.RoleIds)} (host comes from hosts)");
        AddNamedTerms(registry, signals.Rivalry, CompiledTaxonomy.RivalryDirections, TermKind.Rival, endings, "signals.yaml", "rivalry", "rivalry direction", string.Join(", ", CompiledTaxonomy.RivalryDirections));
    }

    private static HashSet<string> CompileHostWords(SignalsDocument signals, Dictionary<string, IReadOnlyList<string>> endings)
    {
        var hostWords = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (language, words) in signals.Hosts)
        {
            if (!endings.ContainsKey(language))
            {
                throw new InvalidDataException($"signals.yaml hosts: language '{language}' is not listed in languages.yaml.");
            }

            foreach (var word in words)
            {
                hostWords.Add(TextFolding.Fold(word.Trim()));
            }
        }

        return hostWords;
    }

    private static CurrencyInfo[] CompileCurrencies(PatternRegistry registry, RatesDocument rates)
    {
        var currencies = new List<CurrencyInfo>();
        foreach (var (code, currency) in rates.Currencies)
        {
            var where = $"rates.yaml {code}";
            if (currency.Rates.Count == 0)
            {
                throw new InvalidDataException($"{where}: no rates.");
            }

            var dated = currency.Rates
                .Select(kv => (From: ParseDate(kv.Key, where) ?? default, UsdPerUnit: kv.Value > 0 ? kv.Value : throw new InvalidDataException($"{where}: rate for {kv.Key} must be positive.")))
                .OrderBy(r => r.From)
                .ToArray();
            foreach (var alias in currency.Aliases)
            {
                registry.Add(alias ?? "", TermKind.Currency, currencies.Count, [""], where);
            }

            currencies.Add(new CurrencyInfo(code, dated));
        }

        return [.. currencies];
    }

    private static Dictionary<string, ScaleInfo> CompileScales(RatesDocument rates)
    {
        var scales = new Dictionary<string, ScaleInfo>(StringComparer.Ordinal);
        foreach (var (name, scale) in rates.Scales)
        {
            if (scale.Value <= 0)
            {
                throw new InvalidDataException($"rates.yaml scales.{name}: value must be positive.");
            }

            foreach (var alias in scale.Aliases)
            {
                if (string.IsNullOrWhiteSpace(alias) || alias.Contains('*', StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"rates.yaml scales.{name}: alias '{alias}' must be a plain word (list every form; no '*').");
                }

                scales[TextFolding.Fold(alias.Trim())] = new ScaleInfo(scale.Value, scale.CommaGroups, scale.DotGroups);
            }
        }

        return scales;
    }

    private static string[] CompileJoiners(RatesDocument rates) =>
        rates.Joiners
            .Select(j => string.IsNullOrWhiteSpace(j) || j.Trim().Contains(' ', StringComparison.Ordinal)
                ? throw new InvalidDataException($"rates.yaml joiners: '{j}' must be one word.")
                : TextFolding.Fold(j.Trim()))
            .ToArray();

    /// <summary>Adds the terms of each named group (a stage, a role, ...) under the group's place in <paramref name="ids"/>.</summary>
    private static void AddNamedTerms(
        PatternRegistry registry,
        Dictionary<string, Dictionary<string, List<string>>> groups,
        string[] ids,
        TermKind kind,
        Dictionary<string, IReadOnlyList<string>> endings,
        string file,
        string section,
        string noun,
        string choices)
    {
        foreach (var (name, terms) in groups)
        {
            var id = Array.IndexOf(ids, name);
            if (id < 0)
            {
                throw new InvalidDataException($"{file}: unknown {noun} '{name}'; use {choices}.");
            }

            AddTerms(registry, terms, kind, id, endings, $"{file} {section}.{name}");
        }
    }

    private static void AddTerms(PatternRegistry registry, Dictionary<string, List<string>> termsByLanguage, TermKind kind, int id, Dictionary<string, IReadOnlyList<string>> endings, string where)
    {
        foreach (var (language, terms) in termsByLanguage)
        {
            if (!endings.TryGetValue(language, out var languageEndings))
            {
                throw new InvalidDataException($"{where}: language '{language}' is not listed in languages.yaml.");
            }

            foreach (var term in terms)
            {
                registry.Add(term ?? "", kind, id, languageEndings, $"{where} ({language})");
            }
        }
    }

    private static TopicRole ParseRole(string role, string topic) => role switch
    {
        "framing" => TopicRole.Framing,
        "substance" => TopicRole.Substance,
        "substance_weak" => TopicRole.WeakSubstance,
        "context" => TopicRole.Context,
        _ => throw new InvalidDataException($"topics.yaml {topic}: role must be framing, substance, substance_weak or context, not '{role}'."),
    };

    private static DateOnly? ParseDate(string? value, string where)
    {
        if (value is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InvalidDataException($"{where}: '{value}' is not a yyyy-MM-dd date.");
    }

    private static T Read<T>(string directory, string file)
        where T : class, new()
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"Taxonomy file '{path}' is missing.");
        }

        try
        {
            using var reader = File.OpenText(path);
            return Yaml.Deserialize<T>(reader) ?? throw new InvalidDataException($"{file}: the file is empty.");
        }
        catch (YamlException ex)
        {
            throw new InvalidDataException($"{file}: invalid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}", ex);
        }
    }
}
