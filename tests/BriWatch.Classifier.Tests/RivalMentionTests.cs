using BriWatch.Classifier.Tests.Support;

namespace BriWatch.Classifier.Tests;

/// <summary>A country named as a competitor, import source or target of a trade measure is not a party (signals.yaml rivalry).</summary>
public sealed class RivalMentionTests
{
    [Fact]
    public void A_Chinese_competitor_named_in_a_German_plant_closure_is_not_a_party()
    {
        var result = TestClassifier.Classify(
            "German solar maker Meyer Burger closes factory",
            "Meyer Burger will close its solar module factory in Freiberg, Germany, blaming competition from cheap Chinese panels, and lay off 500 workers.",
            "2024-03-01");

        Assert.False(result.Relevant, $"score {result.Score}: " + string.Join(" | ", result.Evidence));
        Assert.DoesNotContain("CN", result.Countries);
        Assert.Contains(result.Evidence, e => e.Reason == "rival:CN" && e.Text == "Chinese");
    }

    [Fact]
    public void Cheap_Indian_and_Chinese_imports_blamed_for_layoffs_do_not_make_India_or_China_parties()
    {
        var result = TestClassifier.Classify(
            "Italian steel tube maker cuts 300 jobs",
            "An Italian maker of steel tubes will cut 300 jobs at its plant near Brescia after signing a deal with unions, saying cheap imports from India and China "
            + "had halved its margins. It asked Rome to back EU duties on Indian and Chinese tubes.",
            "2025-02-10");

        Assert.False(result.Relevant, $"score {result.Score}: " + string.Join(" | ", result.Evidence));
        Assert.DoesNotContain("IN", result.Countries);
        Assert.DoesNotContain("CN", result.Countries);
    }

    [Fact]
    public void A_Chinese_carmaker_building_in_Hungary_to_avoid_tariffs_on_Chinese_EVs_stays_a_party()
    {
        var result = TestClassifier.Classify(
            "Chinese carmaker to build EV plant in Hungary",
            "Chinese carmaker Leapmotor signed an agreement to build an electric vehicle factory in Hungary, a move to avoid EU tariffs on Chinese EVs. "
            + "The plant near Debrecen will assemble 100,000 cars a year for European buyers.",
            "2025-03-05");

        Assert.True(result.Relevant, $"score {result.Score}: " + string.Join(" | ", result.Evidence));
        Assert.Contains("CN", result.Countries);
        Assert.Contains("HU", result.Countries);
    }

    [Fact]
    public void A_quantified_tariff_still_binds_the_country_it_targets()
    {
        var result = TestClassifier.Classify(
            "Brussels confirms duties on electric cars",
            "The European Commission confirmed tariffs of up to 35.3% on Chinese electric vehicles for five years, on top of the 10% import duty.",
            "2024-10-30");

        Assert.DoesNotContain("CN", result.Countries);
        Assert.False(result.Relevant);
    }

    [Fact]
    public void Cheap_financing_from_China_leaves_China_a_financier()
    {
        var result = TestClassifier.Classify(
            "Kenya signs deal for power line",
            "Kenya signed an agreement for cheap financing from China to build a 400-kilovolt transmission line and two substations, the energy ministry said. "
            + "The power grid project will connect new wind farms to Nairobi.",
            "2024-05-01");

        Assert.True(result.Relevant, $"score {result.Score}: " + string.Join(" | ", result.Evidence));
        Assert.Contains("CN", result.Countries);
        Assert.Contains("financier", result.Parties.Single(p => p.Country == "CN").Roles);
    }

    [Fact]
    public void A_host_named_right_before_a_competition_cue_stays_a_party()
    {
        var result = TestClassifier.Classify(
            "Chinese battery maker to build cell plant",
            "A Chinese battery maker signed an agreement to build a lithium cell factory in India amid competition from Korean rivals. The plant will make batteries for electric cars.",
            "2024-05-01");

        Assert.True(result.Relevant, $"score {result.Score}: " + string.Join(" | ", result.Evidence));
        Assert.Contains("IN", result.Countries);
        Assert.Contains("CN", result.Countries);
    }

    [Fact]
    public void A_market_named_after_a_location_word_is_where_competition_happens_not_a_rival()
    {
        var result = TestClassifier.Classify(
            "GWM vai construir fábrica de motores",
            "A chinesa Great Wall Motor assinou um acordo para construir uma fábrica de motores e baterias, apostando na concorrência acirrada no mercado brasileiro de veículos elétricos.",
            "2025-05-01");

        Assert.True(result.Relevant, $"score {result.Score}: " + string.Join(" | ", result.Evidence));
        Assert.Contains("BR", result.Countries);
    }

    [Fact]
    public void Countries_listed_together_as_import_sources_are_all_rivals()
    {
        var result = TestClassifier.Classify(
            "Solar module maker shuts Arizona line",
            "A US solar module maker shut a production line in Arizona and laid off 200 workers, blaming imports from India, Indonesia and Laos that it says are sold below cost.",
            "2025-09-01");

        Assert.Equal(["US"], result.Countries);
        Assert.False(result.Relevant);
    }

    [Fact]
    public void A_rivalry_cue_in_the_title_does_not_bind_a_country_in_the_text()
    {
        var result = TestClassifier.Classify(
            "Carmakers face competition from",
            "Chinese carmaker Chery signed an agreement to build an assembly plant in Egypt, investing $150 million in a factory that will produce 50,000 cars a year.",
            "2024-05-10");

        Assert.True(result.Relevant, $"score {result.Score}: " + string.Join(" | ", result.Evidence));
        Assert.Contains("CN", result.Countries);
    }

    [Theory]
    [InlineData("zh", "德国光伏组件厂关闭", "德国光伏组件制造商梅耶博格宣布关闭其萨克森州工厂并裁员500人，称中国组件低价竞争导致公司连续亏损。")]
    [InlineData("ru", "Немецкий завод закрывается", "Немецкий производитель солнечных модулей закроет завод в Саксонии и сократит 500 рабочих мест из-за конкуренции с дешевыми китайскими панелями, сообщила компания, подписавшая соглашение с профсоюзом.")]
    [InlineData("pt", "Fábrica de calçados fecha no Rio Grande do Sul", "Uma fabricante de calçados do Rio Grande do Sul fechou sua fábrica e demitiu 600 trabalhadores, culpando a concorrência dos calçados chineses baratos e o acordo com fornecedores que não foi renovado.")]
    [InlineData("es", "Cierra una planta de aluminio en España", "Una empresa española cerrará su planta de aluminio en Galicia y despedirá a 400 trabajadores por la competencia de productos chinos baratos, tras firmar un acuerdo con los sindicatos.")]
    [InlineData("fr", "Fermeture d'une usine de vélos en France", "Un fabricant français de vélos ferme son usine de Machecoul et supprime 300 emplois, invoquant la concurrence des vélos chinois bon marché, après la signature d'un accord avec les syndicats.")]
    [InlineData("ar", "إغلاق مصنع للسيراميك في مصر", "أعلنت شركة مصرية للسيراميك إغلاق مصنعها في العاشر من رمضان وتسريح 700 عامل بسبب المنافسة مع الواردات الصينية الرخيصة، بعد توقيع اتفاق مع العمال.")]
    [InlineData("id", "Pabrik keramik di Jawa Barat tutup", "Sebuah pabrik keramik di Jawa Barat menghentikan produksi dan melakukan PHK terhadap 900 pekerja karena serbuan keramik China murah, setelah menandatangani perjanjian dengan serikat pekerja.")]
    public void A_domestic_closure_blaming_Chinese_competition_is_not_relevant_in_every_language(string language, string title, string text)
    {
        var result = TestClassifier.Classify(title, text, "2025-06-01");

        Assert.False(result.Relevant, $"{language} score {result.Score}: " + string.Join(" | ", result.Evidence));
        Assert.DoesNotContain("CN", result.Countries);
        Assert.Equal(language, result.Language);
    }

    [Fact]
    public void An_article_without_rivalry_cues_keeps_every_mention()
    {
        var result = TestClassifier.Classify(Articles.BydTitle, Articles.BydText);

        Assert.True(result.Relevant);
        Assert.DoesNotContain(result.Evidence, e => e.Reason.StartsWith("rival:", StringComparison.Ordinal));
        Assert.Contains("CN", result.Countries);
    }
}
