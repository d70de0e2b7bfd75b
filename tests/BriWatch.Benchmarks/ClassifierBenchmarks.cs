using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BriWatch.Classifier.Pipeline;

namespace BriWatch.Benchmarks;

/// <summary>
/// Classifier throughput on 5 KB articles (5,000 UTF-16 chars of English, 2,500 of Chinese), taxonomy compilation, and the
/// obvious alternative: one compiled, case-insensitive Regex alternation over every taxonomy term (match counting only,
/// no scoring, so it is a lower bound for that approach).
/// Run: flock /tmp/bw.build.lock dotnet run -c Release --project tests/BriWatch.Benchmarks -- --filter '*ClassifierBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class ClassifierBenchmarks
{
    private const string EnglishParagraph =
        "Chinese electric vehicle maker BYD will build its first European passenger car factory in Szeged, Hungary, after signing an agreement with the "
        + "Hungarian government. The plant will produce electric vehicles and plug-in hybrids, with an investment of $4.5 billion. Under the Belt and Road "
        + "Initiative, Chinese firms have financed ports, railways and industrial parks from Gwadar to Chancay, while the New Development Bank approved loans "
        + "for renewable energy and water projects in Brazil, India and South Africa. Officials said the supply chain would include battery cells from CATL "
        + "and steel from local mills, and that logistics would run through the port of Piraeus and the China-Europe Railway Express. ";

    private const string ChineseParagraph =
        "中老铁路是共建一带一路的标志性工程，开通运营以来累计发送货物超过四千万吨，带动沿线老挝的物流、制造业和农业发展。中国与老挝签署协议，将在万象建设新的物流园区和工业园，"
        + "吸引更多中国企业投资。比亚迪在匈牙利塞格德建设欧洲首座乘用车工厂，总投资约71亿美元，新能源汽车和动力电池产业链加快出海。金砖国家新工业革命伙伴关系创新基地在厦门推进，"
        + "已落地工业项目一百零七个，总投资五百零六亿元。";

    // Dense in rivalry cues ("competition from", "tariffs on", "imports"): every sentence binds or refuses a country, so
    // this input runs the rival-mention pass that the two above skip.
    private const string RivalryParagraph =
        "Meyer Burger will close its solar module factory in Freiberg, Germany, blaming competition from cheap Chinese panels, and lay off 500 workers. "
        + "Chinese carmaker BYD signed an agreement to build a plant in Hungary to avoid EU tariffs on Chinese EVs, while Indian and Chinese imports undercut prices. "
        + "Kenya signed an agreement for cheap financing from China to build a transmission line in Kenya amid competition from Korean rivals. "
        + "Imports from India, Indonesia and Laos were blamed, and tariffs of up to 35.3% on Chinese electric vehicles took effect. ";

    private ArticleClassifier classifier = null!;
    private ArticleInput english = null!;
    private ArticleInput chinese = null!;
    private ArticleInput rivalry = null!;
    private Regex alternation = null!;

    [GlobalSetup]
    public void Setup()
    {
        classifier = ArticleClassifier.FromTaxonomy();
        var published = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        english = new ArticleInput("en", "BYD to build its first European car plant in Hungary", Repeat(EnglishParagraph, 5000), published);
        chinese = new ArticleInput("zh", "比亚迪匈牙利工厂与中老铁路", Repeat(ChineseParagraph, 2500), published);
        rivalry = new ArticleInput("en", "German solar maker closes factory as Chinese rivals undercut prices", Repeat(RivalryParagraph, 5000), published);
        var alternatives = classifier.FoldedTerms.OrderByDescending(p => p.Length).Select(Regex.Escape);
        alternation = new Regex(string.Join('|', alternatives), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    [Benchmark(Baseline = true)]
    public Classification ClassifyEnglish5KB() => classifier.Classify(english);

    [Benchmark]
    public Classification ClassifyChinese5KB() => classifier.Classify(chinese);

    [Benchmark]
    public Classification ClassifyEnglishRivalryDense5KB() => classifier.Classify(rivalry);

    [Benchmark]
    public int RegexAlternationEnglish5KB() => CountMatches(english);

    [Benchmark]
    public int RegexAlternationChinese5KB() => CountMatches(chinese);

    [Benchmark]
    public ArticleClassifier CompileTaxonomy() => ArticleClassifier.FromTaxonomy();

    private int CountMatches(ArticleInput input)
    {
        var count = 0;
        foreach (var unused in alternation.EnumerateMatches(input.Title))
        {
            count++;
        }

        foreach (var unused in alternation.EnumerateMatches(input.Text))
        {
            count++;
        }

        return count;
    }

    private static string Repeat(string paragraph, int length)
    {
        var builder = new StringBuilder(length + paragraph.Length);
        while (builder.Length < length)
        {
            builder.Append(paragraph);
        }

        return builder.ToString(0, length);
    }
}
