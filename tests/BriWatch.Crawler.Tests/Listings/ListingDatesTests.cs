using BriWatch.Crawler.Listings;

namespace BriWatch.Crawler.Tests.Listings;

public sealed class ListingDatesTests
{
    [Theory]
    [InlineData("2026-11-23")]
    [InlineData("2026/11/23")]
    [InlineData("2026.11.23")]
    [InlineData("23.11.2026")]
    [InlineData("23/11/2026")]
    [InlineData("23-11-2026")]
    [InlineData("11/23/2026")]
    [InlineData("November 23, 2026")]
    [InlineData("Nov. 23, 2026")]
    [InlineData("23 November 2026")]
    [InlineData("23rd November 2026")]
    [InlineData("23 ноября 2026")]
    [InlineData("23 ноября 2026 г.")]
    [InlineData("23 de novembro de 2026")]
    [InlineData("23 de noviembre de 2026")]
    [InlineData("Posted: 23.11.2026 | Views: 120")]
    public void Reads_the_date_forms_listings_print(string text)
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), ListingDates.Parse(text));
    }

    [Fact]
    public void Reads_day_first_when_both_numbers_could_be_a_month()
    {
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), ListingDates.Parse("01/02/2026"));
    }

    [Fact]
    public void Reads_chinese_dates_as_beijing_time()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(8)), ListingDates.Parse("发布时间：2026年11月23日"));
    }

    [Fact]
    public void Keeps_the_time_and_zone_of_machine_readable_dates()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 15, 0, TimeSpan.FromHours(3)), ListingDates.Parse("2026-11-23T09:15:00+03:00"));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 14, 30, 0, TimeSpan.Zero), ListingDates.Parse("2026-11-23 14:30"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Views: 120")]
    [InlineData("Marathon 5, 2026")]
    [InlineData("31.02.2026")]
    [InlineData("Read more")]
    public void Finds_no_date_in_text_without_one(string text)
    {
        Assert.Null(ListingDates.Parse(text));
    }
}
