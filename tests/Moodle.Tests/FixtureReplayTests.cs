using Pipeline.Sandbox.Moodle.Admin;

namespace Pipeline.Moodle.Tests;

/// <summary>
/// Replays the transcripts of a real Moodle 4.5 against the stand-in and compares every answer with the real one,
/// value for value, ids included (the stand-in burns an id on a rolled-back insert as PostgreSQL does). 01–74 and
/// 75–99 are two stories recorded on two sites, so each gets a fresh stand-in set up as its site was.
/// </summary>
public sealed class FixtureReplayTests
{
    private static readonly string[] CohortFunctions =
    [
        "core_cohort_create_cohorts", "core_cohort_search_cohorts", "core_cohort_get_cohorts", "core_cohort_update_cohorts",
        "core_cohort_delete_cohorts", "core_cohort_add_cohort_members", "core_cohort_delete_cohort_members",
        "core_cohort_get_cohort_members",
    ];

    [Fact]
    public async Task Sandbox_answers_the_74_requests_of_the_first_site_as_real_Moodle_4_5_did()
    {
        var fixtures = Fixture.Load(1, 74);
        Assert.Equal(74, fixtures.Count);

        await using var host = await SandboxHost.StartAsync(o => o.SiteName = "Moodle Lab");
        var debugOn = false;
        var mismatches = await Replayer(host).ReplayAsync(fixtures, async fixture =>
        {
            if (!debugOn && fixture.Debug)
            {
                await host.SetDebugAsync(true); // 63-74 were recorded with $CFG->debug = DEBUG_DEVELOPER
                debugOn = true;
            }
        });

        Assert.True(mismatches.Count == 0, "Sandbox differs from real Moodle:\n" + string.Join("\n", mismatches));
    }

    [Fact]
    public async Task Sandbox_answers_the_25_requests_of_the_second_site_as_real_Moodle_4_5_did()
    {
        var fixtures = Fixture.Load(75, 99);
        Assert.Equal(25, fixtures.Count);

        // The second site: the cohort functions in its service, no custom profile field, and thousands of accounts
        // before these, so the first one created here got id 4432.
        await using var host = await SandboxHost.StartAsync(o =>
        {
            o.SiteName = "Moodle Lab";
            o.CustomProfileFields.Clear();
            foreach (var f in CohortFunctions)
            {
                o.ServiceFunctions.Add(f);
            }
        });
        await host.PreloadAsync(new SandboxUserView { Id = 4431, Username = "earlier.account", Deleted = true });

        var mismatches = await Replayer(host).ReplayAsync(fixtures);

        Assert.True(mismatches.Count == 0, "Sandbox differs from real Moodle:\n" + string.Join("\n", mismatches));
    }

    private static FixtureReplayer Replayer(SandboxHost host) =>
        new(host.Http, f => f.TokenKind switch
        {
            "admin" => SandboxHost.AdminToken,
            "nocap" => SandboxHost.NoCapToken,
            "limited" => SandboxHost.LimitedToken,
            _ => null, // "invalid" keeps the recorded fake token; a missing token stays missing
        }, FixtureRewriter.None(), withoutDebugInfo: false);
}
