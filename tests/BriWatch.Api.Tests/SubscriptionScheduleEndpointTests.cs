using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace BriWatch.Api.Tests;

public sealed class SubscriptionScheduleEndpointTests(ApiHost host) : IClassFixture<ApiHost>
{
    private HttpClient Client => host.Client;

    [Fact]
    public async Task Digest_schedule_quiet_hours_and_cap_are_stored_shown_and_cleared_on_update()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await Client.PostAsJsonAsync(
            "/api/subscriptions",
            new
            {
                owner = "analyst@example.org", name = "Weekly BRI rail", mode = "digestWeekly", timeZone = "America/Sao_Paulo", digestTime = "07:30",
                digestDay = "friday", quietHours = new { start = "22:00", end = "06:30" }, dailyCap = 5, webhook = new { url = "https://hooks.example.org/briwatch" },
            },
            ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<string>();

        var read = (await Client.GetFromJsonAsync<JsonObject>($"/api/subscriptions/{id}", ct))!;
        Assert.Equal(
            ("digestWeekly", "America/Sao_Paulo", "07:30", "friday", "22:00", "06:30", 5),
            (read["mode"]!.GetValue<string>(), read["timeZone"]!.GetValue<string>(), read["digestTime"]!.GetValue<string>(), read["digestDay"]!.GetValue<string>(),
                read["quietHours"]!["start"]!.GetValue<string>(), read["quietHours"]!["end"]!.GetValue<string>(), read["dailyCap"]!.GetValue<int>()));

        var updated = await Client.PutAsJsonAsync(
            $"/api/subscriptions/{id}",
            new { owner = "analyst@example.org", name = "Instant BRI rail", webhook = new { url = "https://hooks.example.org/briwatch" } },
            ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        read = (await Client.GetFromJsonAsync<JsonObject>($"/api/subscriptions/{id}", ct))!;
        Assert.Equal(("instant", "UTC", "08:00", "monday"), (read["mode"]!.GetValue<string>(), read["timeZone"]!.GetValue<string>(), read["digestTime"]!.GetValue<string>(), read["digestDay"]!.GetValue<string>()));
        Assert.Null(read["quietHours"]);
        Assert.Null(read["dailyCap"]);
    }

    [Fact]
    public async Task Unknown_time_zone_bad_local_times_bad_day_and_cap_below_one_are_400_problems_naming_each_field()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await Client.PostAsJsonAsync(
            "/api/subscriptions",
            new
            {
                owner = "x", name = "bad schedule", mode = "digestDaily", timeZone = "Europe/Atlantis", digestTime = "25:00", digestDay = "someday",
                quietHours = new { start = "10pm", end = "07:00" }, dailyCap = 0, webhook = new { url = "https://hooks.example.org/x" },
            },
            ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["errors"]!.AsObject();
        Assert.Equal(["dailyCap", "digestDay", "digestTime", "quietHours.start", "timeZone"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains("Europe/Atlantis", errors["timeZone"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("HH:mm", errors["digestTime"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("W. Europe Standard Time")]
    [InlineData("")]
    public async Task Time_zone_must_be_an_iana_id(string timeZone)
    {
        var response = await Client.PostAsJsonAsync(
            "/api/subscriptions",
            new { owner = "x", name = "windows zone", timeZone, webhook = new { url = "https://hooks.example.org/x" } },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["errors"]!.AsObject();
        Assert.Equal(["timeZone"], errors.Select(e => e.Key));
    }

    [Fact]
    public async Task Quiet_hours_that_end_when_they_start_are_a_400_problem()
    {
        var response = await Client.PostAsJsonAsync(
            "/api/subscriptions",
            new { owner = "x", name = "no quiet", quietHours = new { start = "22:00", end = "22:00" }, webhook = new { url = "https://hooks.example.org/x" } },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["errors"]!.AsObject();
        Assert.Equal(["quietHours.end"], errors.Select(e => e.Key));
    }
}
