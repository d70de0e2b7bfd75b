using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BriWatch.Storage.Identity;

namespace BriWatch.Api.Tests;

public sealed class UserEndpointTests(ApiHost host) : IClassFixture<ApiHost>
{
    private HttpClient Admin => host.Client;

    [Fact]
    public async Task An_admin_creates_reads_lists_and_updates_a_user()
    {
        var ct = TestContext.Current.CancellationToken;

        var created = await Admin.PostAsJsonAsync("/api/users", new { ownerId = "carol@example.org", displayName = "Carol", email = "carol@example.org" }, ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/users/carol@example.org", created.Headers.Location!.ToString());
        var user = (await created.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        Assert.Equal("subscriber", user["role"]!.GetValue<string>());
        Assert.False(user["disabled"]!.GetValue<bool>());

        var updated = await Admin.PutAsJsonAsync("/api/users/carol@example.org", new { displayName = "Carol C.", email = "cc@example.org", role = "admin", disabled = true }, ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var read = (await Admin.GetFromJsonAsync<JsonObject>("/api/users/carol@example.org", ct))!;
        Assert.Equal("Carol C.", read["displayName"]!.GetValue<string>());
        Assert.Equal("cc@example.org", read["email"]!.GetValue<string>());
        Assert.Equal("admin", read["role"]!.GetValue<string>());
        Assert.True(read["disabled"]!.GetValue<bool>());

        var all = (await Admin.GetFromJsonAsync<JsonArray>("/api/users", ct))!;
        Assert.Contains(all, u => u!["ownerId"]!.GetValue<string>() == "carol@example.org");
        Assert.Contains(all, u => u!["ownerId"]!.GetValue<string>() == ApiHost.AdminOwner);
    }

    [Fact]
    public async Task A_taken_owner_id_is_a_409_and_an_unknown_one_a_404()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await Admin.PostAsJsonAsync("/api/users", new { ownerId = "dave", displayName = "Dave" }, ct)).StatusCode);

        var again = await Admin.PostAsJsonAsync("/api/users", new { ownerId = "dave", displayName = "Another Dave" }, ct);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync("/api/users/nobody", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.PutAsJsonAsync("/api/users/nobody", new { displayName = "Nobody" }, ct)).StatusCode);
    }

    [Theory]
    [InlineData("""{"ownerId":"Eve","displayName":"Eve"}""", "ownerId")]
    [InlineData("""{"displayName":"Eve"}""", "ownerId")]
    [InlineData("""{"ownerId":"eve"}""", "displayName")]
    [InlineData("""{"ownerId":"eve","displayName":"Eve","email":"not an address"}""", "email")]
    [InlineData("""{"ownerId":"eve","displayName":"Eve","role":"root"}""", "role")]
    public async Task Bad_user_input_is_a_problem_naming_the_field(string body, string field)
    {
        var ct = TestContext.Current.CancellationToken;

        var response = await Admin.PostAsync("/api/users", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        Assert.NotNull(problem["errors"]![field]);
        Assert.Null(await host.Services.GetRequiredService<IUserStore>().GetAsync("eve", ct));
    }

    [Fact]
    public async Task An_admin_cannot_demote_or_disable_themself()
    {
        var ct = TestContext.Current.CancellationToken;

        var demoted = await Admin.PutAsJsonAsync($"/api/users/{ApiHost.AdminOwner}", new { displayName = "Admin", role = "subscriber" }, ct);
        var disabled = await Admin.PutAsJsonAsync($"/api/users/{ApiHost.AdminOwner}", new { displayName = "Admin", role = "admin", disabled = true }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, demoted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, disabled.StatusCode);
        var admin = await host.Services.GetRequiredService<IUserStore>().GetAsync(ApiHost.AdminOwner, ct);
        Assert.Equal(UserRole.Admin, admin!.Role);
        Assert.False(admin.Disabled);
    }

    [Fact]
    public async Task Users_are_admin_only()
    {
        var ct = TestContext.Current.CancellationToken;
        using var subscriber = await host.ClientForAsync("frank");

        Assert.Equal(HttpStatusCode.Forbidden, (await subscriber.GetAsync("/api/users", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await subscriber.PutAsJsonAsync("/api/users/frank", new { displayName = "Frank", role = "admin" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.GetAsync("/api/users", ct)).StatusCode);
        Assert.Equal(UserRole.Subscriber, (await host.Services.GetRequiredService<IUserStore>().GetAsync("frank", ct))!.Role);
    }
}
