using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Sandbox.Moodle.Admin;

namespace Pipeline.Moodle.Tests;

public sealed class MoodleClientTests
{
    [Fact]
    public async Task Site_info_names_the_release_and_the_service_functions()
    {
        await using var host = await SandboxHost.StartAsync();
        var info = await host.Client().GetSiteInfoAsync(CancellationToken.None);
        Assert.Equal("4.5 (Build: 20241007)", info.Release);
        Assert.Contains("core_user_create_users", info.Functions);
        Assert.Equal("admin", info.Username);
        Assert.True(info.IsSiteAdmin);
    }

    [Fact]
    public async Task Created_users_read_back_by_idnumber_sorted_by_id_with_custom_fields_and_missing_values_dropped()
    {
        await using var host = await SandboxHost.StartAsync();
        var client = host.Client();
        var created = await client.CreateUsersAsync([TestUsers.New("1"), TestUsers.New("2", costCenter: null)], CancellationToken.None);
        Assert.Equal(["u1", "u2"], created.Select(c => c.Username));

        var users = await client.GetUsersByFieldAsync("idnumber", ["EMP-2", "NOPE", "EMP-1"], CancellationToken.None);

        Assert.Equal(created.Select(c => c.Id), users.Select(u => u.Id));
        Assert.Equal("CC-1", users[0].CustomFields["costcenter"]);
        Assert.Empty(users[1].CustomFields);
        Assert.Equal("DE", users[0].Profile["country"]);
        Assert.False(users[0].Suspended);
        Assert.Null(users[0].Profile["institution"]);
    }

    [Fact]
    public async Task Email_lookup_is_case_sensitive_like_real_Moodle()
    {
        await using var host = await SandboxHost.StartAsync();
        var client = host.Client();
        await client.CreateUsersAsync([TestUsers.New("1")], CancellationToken.None);
        Assert.Single(await client.GetUsersByFieldAsync("email", ["u1@example.com"], CancellationToken.None));
        Assert.Empty(await client.GetUsersByFieldAsync("email", ["U1@EXAMPLE.COM"], CancellationToken.None));
    }

    [Fact]
    public async Task One_bad_user_fails_the_whole_create_as_InvalidRecord_and_nothing_is_created()
    {
        await using var host = await SandboxHost.StartAsync();
        var client = host.Client();
        await client.CreateUsersAsync([TestUsers.New("1")], CancellationToken.None);
        var before = (await host.UsersAsync()).Count;

        var duplicate = TestUsers.New("1") with { Email = "other@example.com", IdNumber = "EMP-9" };
        var e = await Assert.ThrowsAsync<MoodleException>(() => client.CreateUsersAsync([TestUsers.New("2"), duplicate], CancellationToken.None));

        Assert.Equal(MoodleErrorKind.InvalidRecord, e.Kind);
        Assert.Equal("invalidparameter", e.ErrorCode);
        Assert.Equal(before, (await host.UsersAsync()).Count);
    }

    [Fact]
    public async Task Create_rejects_a_duplicate_email_whatever_its_case()
    {
        await using var host = await SandboxHost.StartAsync();
        var client = host.Client();
        await client.CreateUsersAsync([TestUsers.New("1")], CancellationToken.None);
        var e = await Assert.ThrowsAsync<MoodleException>(() =>
            client.CreateUsersAsync([TestUsers.New("2") with { Email = "U1@Example.COM" }], CancellationToken.None));
        Assert.Equal(MoodleErrorKind.InvalidRecord, e.Kind);
    }

    [Fact]
    public async Task Weak_password_is_an_InvalidRecord_error()
    {
        await using var host = await SandboxHost.StartAsync();
        var e = await Assert.ThrowsAsync<MoodleException>(() =>
            host.Client().CreateUsersAsync([TestUsers.New("1") with { Password = "abc" }], CancellationToken.None));
        Assert.Equal(MoodleErrorKind.InvalidRecord, e.Kind);
        Assert.Contains("Passwords must be at least 8 characters long.", e.ErrorCode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_returns_warnings_for_bad_users_and_saves_the_good_ones()
    {
        await using var host = await SandboxHost.StartAsync();
        var client = host.Client();
        var created = await client.CreateUsersAsync([TestUsers.New("1"), TestUsers.New("2")], CancellationToken.None);

        var warnings = await client.UpdateUsersAsync(
        [
            new MoodleUserUpdate { Id = created[0].Id, Profile = new Dictionary<string, string?> { ["city"] = "Paris" }, Suspended = true },
            new MoodleUserUpdate { Id = 999_999, Profile = new Dictionary<string, string?> { ["city"] = "Nowhere" } },
            new MoodleUserUpdate { Id = created[1].Id, Email = "U1@example.com" },
        ], CancellationToken.None);

        Assert.Equal(
            [new MoodleWarning("user", 999_999, "invaliduserid", "Invalid user ID"), new MoodleWarning("user", created[1].Id, "useremailduplicate", "Duplicate address")],
            warnings);
        var first = Assert.Single(await client.GetUsersByFieldAsync("id", [created[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], CancellationToken.None));
        Assert.Equal("Paris", first.Profile["city"]);
        Assert.True(first.Suspended);
    }

    [Fact]
    public async Task A_preloaded_suspended_user_can_be_found_and_unsuspended()
    {
        await using var host = await SandboxHost.StartAsync();
        await host.PreloadAsync(new SandboxUserView { Username = "rehire", Firstname = "Re", Lastname = "Hire", Email = "rehire@example.com", Idnumber = "EMP-77", Suspended = true });
        var client = host.Client();
        var user = Assert.Single(await client.GetUsersByFieldAsync("idnumber", ["EMP-77"], CancellationToken.None));
        Assert.True(user.Suspended);

        Assert.Empty(await client.UpdateUsersAsync([new MoodleUserUpdate { Id = user.Id, Suspended = false }], CancellationToken.None));
        Assert.False((await host.UsersAsync()).Single(u => u.Username == "rehire").Suspended);
    }

    public static TheoryData<string, string, MoodleErrorKind> TokenErrors => new()
    {
        { "not-a-token", "invalidtoken", MoodleErrorKind.Fatal },
        { SandboxHost.NoCapToken, "accessexception", MoodleErrorKind.Fatal },
    };

    [Theory]
    [MemberData(nameof(TokenErrors))]
    public async Task Token_errors_are_Fatal_and_never_quote_the_token(string token, string code, MoodleErrorKind kind)
    {
        await using var host = await SandboxHost.StartAsync();
        var e = await Assert.ThrowsAsync<MoodleException>(() => host.Client(token).GetUsersByFieldAsync("idnumber", ["x"], CancellationToken.None));
        Assert.Equal(code, e.ErrorCode);
        Assert.Equal(kind, e.Kind);
        Assert.DoesNotContain(token, e.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, (await host.StatsAsync()).Calls["core_user_get_users_by_field"]); // a Moodle refusal is not retried
    }

    [Fact]
    public async Task Missing_capability_is_Fatal_nopermissions()
    {
        await using var host = await SandboxHost.StartAsync();
        var e = await Assert.ThrowsAsync<MoodleException>(() => host.Client(SandboxHost.LimitedToken).CreateUsersAsync([TestUsers.New("1")], CancellationToken.None));
        Assert.Equal(("nopermissions", MoodleErrorKind.Fatal), (e.ErrorCode, e.Kind));
        Assert.Contains("Create users", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Function_missing_from_the_service_is_Fatal_accessexception()
    {
        await using var host = await SandboxHost.StartAsync(o => o.ServiceFunctions.Remove("core_user_update_users"));
        var e = await Assert.ThrowsAsync<MoodleException>(() =>
            host.Client().UpdateUsersAsync([new MoodleUserUpdate { Id = 2, Profile = new Dictionary<string, string?> { ["city"] = "X" } }], CancellationToken.None));
        Assert.Equal(("accessexception", MoodleErrorKind.Fatal), (e.ErrorCode, e.Kind));
    }

    [Fact]
    public async Task Debug_info_is_carried_when_the_site_debugs()
    {
        await using var host = await SandboxHost.StartAsync(o => o.Debug = true);
        var e = await Assert.ThrowsAsync<MoodleException>(() =>
            host.Client().CreateUsersAsync([TestUsers.New("1") with { Email = "not-an-email" }], CancellationToken.None));
        Assert.Equal("Email address is invalid: not-an-email", e.DebugInfo);
        Assert.Equal(@"core\exception\invalid_parameter_exception", e.ExceptionClass);
    }

    [Fact]
    public async Task The_token_travels_only_in_POST_bodies()
    {
        await using var host = await SandboxHost.StartAsync();
        var client = host.Client();
        await client.GetSiteInfoAsync(CancellationToken.None);
        await client.CreateUsersAsync([TestUsers.New("1")], CancellationToken.None);
        await client.GetUsersByFieldAsync("username", ["u1"], CancellationToken.None);
        await client.UpdateUsersAsync([new MoodleUserUpdate { Id = 5, Profile = new Dictionary<string, string?> { ["city"] = "Rome" } }], CancellationToken.None);

        var requests = await host.RequestsAsync();
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.DoesNotContain(SandboxHost.AdminToken, r.Target, StringComparison.Ordinal);
            Assert.DoesNotContain("wstoken", r.Target, StringComparison.Ordinal);
            Assert.True(r.BodyHasToken);
        });
    }

    [Fact]
    public async Task Options_without_base_url_or_token_fail_validation()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Moodle:Timeout"] = "00:00:05" }).Build();
        await using var services = new ServiceCollection().AddLogging().AddMoodleClient(config).BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MoodleOptions>>().Value);
        Assert.Contains(e.Failures, f => f.Contains("BaseUrl", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("Token", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Moodle:Timeout", "00:00:00.010")]
    [InlineData("Moodle:Timeout", "00:11:00")]
    public async Task A_timeout_out_of_range_fails_validation_naming_the_key(string key, string value)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Moodle:BaseUrl"] = "https://moodle.example.org/",
            ["Moodle:Token"] = "t",
            [key] = value,
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddMoodleClient(config).BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MoodleOptions>>().Value);
        Assert.Contains(e.Failures, f => f.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_lookup_field_is_refused_before_any_call()
    {
        await using var host = await SandboxHost.StartAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => host.Client().GetUsersByFieldAsync("lastname", ["Doe"], CancellationToken.None));
        Assert.Empty(await host.RequestsAsync());
    }
}
