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
}
