using BriWatch.Classifier.Tests.Support;

namespace BriWatch.Classifier.Tests;

public sealed class AmountTests
{
    [Theory]
    [InlineData("securing 107 industrial projects with a total investment of 50.6 billion yuan ($7.1 billion).", "2025-09-17", 7.1e9)]
    [InlineData("Nilai investasi proyek ini mencapai US$ 7 miliar.", "2025-03-01", 7e9)]
    [InlineData("Investasi pabrik baterai itu senilai Rp25 triliun.", "2025-03-01", 25e12 * 0.000062)]
    [InlineData("Объем инвестиций составит 1,2 млрд рублей.", "2025-03-01", 1.2e9 * 0.012)]
    [InlineData("项目总投资71亿美元。", "2025-03-01", 7.1e9)]
    [InlineData("O investimento será de R$ 5,5 bilhões.", "2025-03-01", 5.5e9 * 0.17)]
    [InlineData("The bank approved a loan of €500 million for the line.", "2025-03-01", 500e6 * 1.08)]
    [InlineData("Intel's $28bn fab.", "2025-03-01", 28e9)]
    public void Reads_the_largest_amount_in_USD(string sentence, string published, double expected)
    {
        var result = TestClassifier.Classify("Deal", sentence, published);

        Assert.NotNull(result.AmountUsd);
        Assert.Equal(expected, result.AmountUsd.Value, expected * 0.001);
    }

    private const double InrUsd2025 = 0.0116;

    [Theory]
    [InlineData("JSW will build a steel plant in Odisha worth Rs 5,000 crore.", 5_000e7)]
    [InlineData("The project is worth Rs. 5,000 cr.", 5_000e7)]
    [InlineData("A Rs 5,000-crore steel plant in Odisha.", 5_000e7)]
    [InlineData("The company will invest ₹5,000 crore in the plant.", 5_000e7)]
    [InlineData("The company will invest INR 5,000 crore in the plant.", 5_000e7)]
    [InlineData("An investment of 5,000 crore rupees.", 5_000e7)]
    [InlineData("An investment of 5,000-crore rupees.", 5_000e7)]
    [InlineData("Outlay of Rs 1,50,000 crore over five years.", 1_50_000e7)]
    [InlineData("Outlay of Rs 12.5 crore.", 12.5e7)]
    [InlineData("Grants of Rs 50 lakh each.", 50e5)]
    [InlineData("Grants of Rs 2.5 lakhs each.", 2.5e5)]
    [InlineData("Investments of ₹2 lakh crore are planned.", 2e12)]
    [InlineData("Investments of 2.5 lakh crore rupees are planned.", 2.5e12)]
    [InlineData("कंपनी ₹5,000 करोड़ का निवेश करेगी।", 5_000e7)]
    [InlineData("कंपनी ₹5,000 करोड़ का निवेश करेगी।", 5_000e7)]
    [InlineData("कंपनी ₹2 लाख करोड़ का निवेश करेगी।", 2e12)]
    public void Reads_crore_and_lakh_amounts_in_Indian_numbering(string sentence, double rupees)
    {
        var result = TestClassifier.Classify("Deal", sentence, "2025-03-01");

        Assert.NotNull(result.AmountUsd);
        Assert.Equal(rupees * InrUsd2025, result.AmountUsd.Value, rupees * InrUsd2025 * 0.001);
    }

    [Theory]
    [InlineData("项目总投资100万元。", 1e6 * 0.138)]
    [InlineData("项目总投资50亿元人民币。", 5e9 * 0.138)]
    [InlineData("Стоимость контракта составит 500 тыс. рублей.", 5e5 * 0.012)]
    [InlineData("Объем инвестиций составит 300 млн рублей.", 3e8 * 0.012)]
    [InlineData("Объем инвестиций составит 2 млрд руб.", 2e9 * 0.012)]
    [InlineData("O investimento será de R$ 300 milhões.", 3e8 * 0.17)]
    [InlineData("O investimento será de R$ 2 bilhões.", 2e9 * 0.17)]
    [InlineData("Nilai proyek mencapai Rp 500 juta.", 5e8 * 0.000062)]
    [InlineData("Nilai proyek mencapai Rp 3 miliar.", 3e9 * 0.000062)]
    [InlineData("Nilai proyek mencapai Rp 2 triliun.", 2e12 * 0.000062)]
    [InlineData("A $5-billion deal for the port.", 5e9)]
    public void Reads_Chinese_Russian_Portuguese_and_Indonesian_scale_words(string sentence, double expected)
    {
        var result = TestClassifier.Classify("Deal", sentence, "2025-03-01");

        Assert.NotNull(result.AmountUsd);
        Assert.Equal(expected, result.AmountUsd.Value, expected * 0.001);
    }

    [Theory]
    [InlineData("The fund will deploy $1e9 over a decade.")]
    [InlineData("In 2024 $1e9 was pledged.")]
    [InlineData("The fund will deploy 1e9 yuan over a decade.")]
    [InlineData("The unit costs $5x more than planned.")]
    public void Number_running_into_an_unreadable_suffix_is_no_amount(string sentence)
    {
        var result = TestClassifier.Classify("Deal", sentence, "2025-03-01");

        Assert.Null(result.AmountUsd);
    }

    [Fact]
    public void Currency_word_without_a_number_is_no_amount()
    {
        var result = TestClassifier.Classify("Real estate", "The real question is whether the dollar will weaken.");

        Assert.Null(result.AmountUsd);
    }

    [Fact]
    public void Rate_is_taken_as_of_the_article_date()
    {
        var old = TestClassifier.Classify("Deal", "An investment of 100 billion rubles.", "2014-06-01");
        var recent = TestClassifier.Classify("Deal", "An investment of 100 billion rubles.", "2024-06-01");

        Assert.Equal(100e9 * 0.031, old.AmountUsd!.Value, 1e6);
        Assert.Equal(100e9 * 0.011, recent.AmountUsd!.Value, 1e6);
    }

    [Theory]
    [InlineData("Sinohydro signed a contract worth 1.2 billion U.S. dollars.", 1.2e9, "USD", "1.2 billion U.S. dollars")]
    [InlineData("The bank approved a loan of about 1.2 billion US dollars.", 1.2e9, "USD", "1.2 billion US dollars")]
    [InlineData("The partners will invest 5 billion yuan in the plant.", 5e9, "CNY", "5 billion yuan")]
    [InlineData("Um financiamento de 1,2 mil milhões de reais.", 1.2e9, "BRL", "1,2 mil milhões de reais")]
    [InlineData("项目获得12亿美元贷款。", 1.2e9, "USD", "12亿美元")]
    [InlineData("Контракт стоимостью 1,2 млрд долларов.", 1.2e9, "USD", "1,2 млрд долларов")]
    [InlineData("A contract worth USD 250 mln.", 250e6, "USD", "USD 250 mln")]
    [InlineData("A cement plant worth about 1.2 bln U.S. dollars.", 1.2e9, "USD", "1.2 bln U.S. dollars")]
    [InlineData("Ils vont investir 1,5 milliard d'euros à Dunkerque.", 1.5e9, "EUR", "1,5 milliard d'euros")]
    [InlineData("Un prêt de 1,2 milliard de dollars.", 1.2e9, "USD", "1,2 milliard de dollars")]
    [InlineData("Un contrato por 4.714 millones de dólares.", 4.714e9, "USD", "4.714 millones de dólares")]
    [InlineData("Un préstamo de US$ 1.300 millones.", 1.3e9, "USD", "US$ 1.300 millones")]
    [InlineData("Chery invertirá unos 3,5 millones de euros.", 3.5e6, "EUR", "3,5 millones de euros")]
    [InlineData("صفقة بقيمة 10 مليارات دولار.", 10e9, "USD", "10 مليارات دولار")]
    [InlineData("Контракт на 120 млрд рупий.", 120e9, "INR", "120 млрд рупий")]
    [InlineData("Pinjaman sebesar 448 juta dolar AS.", 448e6, "USD", "448 juta dolar")]
    public void Reads_amounts_written_with_the_currency_after_the_number(string sentence, double value, string currency, string evidence)
    {
        var result = TestClassifier.Classify("Deal", sentence, "2025-03-01");

        var amount = Assert.Single(result.Amounts);
        Assert.Equal((value, currency, evidence), (amount.Value, amount.Currency, amount.Evidence));
        Assert.Equal(evidence, ("Deal\n" + sentence).Substring(amount.Start, amount.Length));
        Assert.Equal(amount.AmountUsd, result.AmountUsd);
    }

    [Theory]
    [InlineData("The New Development Bank, founded with an initial capital of $50 billion, approved a loan of $300 million.", "background,loan", 300e6)]
    [InlineData("Sinohydro signed a $1.2 billion contract. China-Zambia trade reached 6.8 billion dollars last year.", "deal,background", 1.2e9)]
    [InlineData("The company will invest R$ 5,5 bilhões. No ano passado, a montadora faturou cerca de 107 bilhões de dólares.", "investment,background", 5.5e9 * 0.17)]
    [InlineData("Haier вложит около 10 млрд рублей. Годовая выручка предприятия составит 30 млрд рублей.", "investment,capacity", 10e9 * 0.012)]
    [InlineData("国家开发银行提供12亿美元贷款。去年中俄贸易额为2401亿美元。", "loan,background", 1.2e9)]
    [InlineData("The NDB has an authorized capital of $100 billion. BRICS trade exceeded $700 billion last year.", "background,background", null)]
    [InlineData("Great Wall will invest 10 billion reais ($2 billion) in the plant.", "investment,investment", 2e9)]
    [InlineData("比亚迪项目总投资55亿雷亚尔，约合10亿美元。", "investment,investment", 1e9)]
    public void Each_amount_gets_a_role_and_the_headline_is_the_deal_amount_never_background(string text, string roles, double? headlineUsd)
    {
        var result = TestClassifier.Classify("Report", text, "2025-03-01");

        Assert.Equal(roles.Split(','), result.Amounts.Select(a => a.Role));
        if (headlineUsd is null)
        {
            Assert.Null(result.AmountUsd);
        }
        else
        {
            Assert.Equal(headlineUsd.Value, result.AmountUsd!.Value, headlineUsd.Value * 0.001);
        }
    }

    [Fact]
    public void The_headline_amount_in_the_title_wins_over_the_text()
    {
        var result = TestClassifier.Classify("China lends $2 billion for Kenyan railway", "The line will cost $5 billion in total, with an investment of $3 billion from Kenya.");

        Assert.Equal(2e9, result.AmountUsd);
        Assert.Equal(3, result.Amounts.Count);
    }

    [Theory]
    [InlineData("The fund will deploy 1e9 U.S. dollars.")]
    [InlineData("Under article 12 of dollar bond rules.")]
    [InlineData("Section 5 de reais.")]
    public void Joiners_and_long_currency_names_keep_the_parser_hardening(string sentence)
    {
        var result = TestClassifier.Classify("Deal", sentence, "2025-03-01");

        Assert.Null(result.AmountUsd);
        Assert.Empty(result.Amounts);
    }
}
