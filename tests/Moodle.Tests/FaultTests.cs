using System.Diagnostics;

namespace Pipeline.Moodle.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task Http_500s_are_Transient_and_retried_for_reads_only()
    {
        await using var host = await SandboxHost.StartAsync();
        await host.PutFaultsAsync("""{"http500_rate":1.0}""");
        var client = host.Client(maxReadAttempts: 3);

        var read = await Assert.ThrowsAsync<MoodleException>(() => client.GetUsersByFieldAsync("idnumber", ["EMP-1"], CancellationToken.None));
        var write = await Assert.ThrowsAsync<MoodleException>(() => client.CreateUsersAsync([TestUsers.New("1")], CancellationToken.None));

        Assert.Equal((MoodleErrorKind.Transient, "http500"), (read.Kind, read.ErrorCode));
        Assert.Equal(MoodleErrorKind.Transient, write.Kind);
        var stats = await host.StatsAsync();
        Assert.Equal(3, stats.Calls["core_user_get_users_by_field"]);
        Assert.Equal(1, stats.Calls["core_user_create_users"]);
        Assert.Equal(4, stats.Faults["http500"]);
    }

    [Fact]
    public async Task A_hanging_create_times_out_as_Transient_once_and_was_applied_so_the_caller_must_re_read()
    {
        await using var host = await SandboxHost.StartAsync();
        await host.PutFaultsAsync("""{"timeout_rate":1.0,"timeout_mode":"hang","timeout_hang_ms":30000}""");
        var client = host.Client(timeout: TimeSpan.FromMilliseconds(300));

        var e = await Assert.ThrowsAsync<MoodleException>(() => client.CreateUsersAsync([TestUsers.New("1")], CancellationToken.None));

        Assert.Equal((MoodleErrorKind.Transient, "timeout"), (e.Kind, e.ErrorCode));
        var stats = await host.StatsAsync();
        Assert.Equal(1, stats.Calls["core_user_create_users"]);
        Assert.Contains(await host.UsersAsync(), u => u.Username == "u1");
    }

    [Fact]
    public async Task A_closed_connection_is_Transient_and_reads_are_retried()
    {
        await using var host = await SandboxHost.StartAsync();
        await host.PutFaultsAsync("""{"timeout_rate":1.0,"timeout_mode":"close"}""");
        var client = host.Client(maxReadAttempts: 2);

        var e = await Assert.ThrowsAsync<MoodleException>(() => client.GetSiteInfoAsync(CancellationToken.None));

        Assert.Equal(MoodleErrorKind.Transient, e.Kind);
        Assert.Equal(2, (await host.StatsAsync()).Calls["core_webservice_get_site_info"]);
    }

    [Fact]
    public async Task Database_errors_come_as_Moodle_does_HTTP_200_and_are_Transient_with_nothing_written()
    {
        await using var host = await SandboxHost.StartAsync();
        await host.PutFaultsAsync("""{"dml_error_rate":1.0}""");
        var e = await Assert.ThrowsAsync<MoodleException>(() => host.Client().CreateUsersAsync([TestUsers.New("1")], CancellationToken.None));

        Assert.Equal((MoodleErrorKind.Transient, "dmlwriteexception", "dml_write_exception"), (e.Kind, e.ErrorCode, e.ExceptionClass));
        Assert.DoesNotContain(await host.UsersAsync(), u => u.Username == "u1");
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_faults()
    {
        async Task<string> RunAsync()
        {
            await using var host = await SandboxHost.StartAsync();
            await host.PutFaultsAsync("""{"http500_rate":0.3,"dml_error_rate":0.3,"seed":1234}""");
            var outcomes = new List<string>();
            var client = host.Client(maxReadAttempts: 1);
            for (var i = 0; i < 20; i++)
            {
                try
                {
                    await client.GetSiteInfoAsync(CancellationToken.None);
                    outcomes.Add("ok");
                }
                catch (MoodleException e)
                {
                    outcomes.Add(e.ErrorCode);
                }
            }

            return string.Join(",", outcomes);
        }

        var first = await RunAsync();
        Assert.Equal(first, await RunAsync());
        Assert.Contains("ok", first, StringComparison.Ordinal);
        Assert.Contains("http500", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Real_moodle_profile_adds_per_user_latency_and_serves_two_requests_at_once()
    {
        await using var host = await SandboxHost.StartAsync(o => o.Faults.Profile = "real-moodle-4.5-2core");
        var client = host.Client();
        await client.GetSiteInfoAsync(CancellationToken.None); // warm-up

        var watch = Stopwatch.StartNew();
        await client.CreateUsersAsync(Enumerable.Range(1, 10).Select(i => TestUsers.New(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList(), CancellationToken.None);
        var create10 = watch.Elapsed;
        Assert.InRange(create10.TotalMilliseconds, 150, 5_000); // profile: ~182 ms for 10 users

        var values = Enumerable.Range(1, 10).Select(i => "EMP-" + i).ToList();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.GetUsersByFieldAsync("idnumber", values, CancellationToken.None)));

        var stats = await host.StatsAsync();
        Assert.Equal(2, stats.MaxInFlight);
        Assert.Equal(10, stats.UsersWritten["core_user_create_users"]);
    }

    [Fact]
    public async Task Reset_empties_the_site_and_zeroes_the_counters()
    {
        await using var host = await SandboxHost.StartAsync();
        await host.Client().CreateUsersAsync([TestUsers.New("1")], CancellationToken.None);
        using (var response = await host.Http.PostAsync("_sandbox/moodle/reset", null))
        {
            response.EnsureSuccessStatusCode();
        }

        Assert.Equal(["guest", "admin", "wsnocap", "wslimited"], (await host.UsersAsync()).Select(u => u.Username));
        Assert.Empty((await host.StatsAsync()).Calls);
    }

    [Fact]
    public async Task Unknown_latency_profile_is_refused()
    {
        await using var host = await SandboxHost.StartAsync();
        using var content = new StringContent("""{"profile":"fast"}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await host.Http.PutAsync("_sandbox/moodle/faults", content);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }
}
