using System.Globalization;
using Pipeline.Consumer.Handling;
using Pipeline.Contracts;
using Pipeline.Domain;

namespace Pipeline.Consumer.Tests;

/// <summary>
/// The whole handler on an in-memory Moodle linking accounts that existed before the pipeline (issue 15, items 2 and
/// 5): an e-mail differing only in case is linked, a LIKE lookalike never is, an idnumber two accounts hold is poison,
/// and plain joiners pay nothing for any of it.
/// </summary>
public sealed class LinkingTests : IDisposable
{
    private const string LookUp = "core_user_get_users_by_field";
    private const string Search = "core_user_get_users";
    private const string Create = "core_user_create_users";
    private const string Update = "core_user_update_users";

    private readonly HandlerBed _bed = new();

    [Fact]
    public async Task A_batch_of_50_plain_joiners_costs_two_lookups_and_one_create_and_no_email_search()
    {
        var joiners = Enumerable.Range(1000, 50).Select(i => Joiner(i.ToString(CultureInfo.InvariantCulture))).ToArray();

        var batch = await _bed.HandleAsync(joiners);

        Assert.Equal((2, 0, 1, 3), (_bed.Moodle.CallsTo(LookUp), _bed.Moodle.CallsTo(Search), _bed.Moodle.CallsTo(Create), _bed.Moodle.TotalCalls));
        Assert.Equal(joiners, batch.Done);
        Assert.Equal(50, _bed.Moodle.Users.Count);
    }

    [Fact]
    public async Task A_pre_existing_account_whose_email_differs_only_in_case_is_linked_in_the_batchs_one_update()
    {
        var account = _bed.Moodle.Add(new InMemoryUser { Username = "pre.existing", Email = "Test.Person61@Acme.Example", FirstName = "Old", LastName = "Name" });
        _bed.AddLinked("62", department: "Sales");
        var joiner = Joiner("61");
        var mover = Message(Snapshots.Active("62", "Research"));
        var others = Enumerable.Range(63, 8).Select(i => Joiner(i.ToString(CultureInfo.InvariantCulture))).ToArray();

        var batch = await _bed.HandleAsync([joiner, mover, .. others]);

        Assert.Equal(10, batch.Done.Count);
        Assert.Empty(_bed.DeadLetters.Parked);
        Assert.Equal(Outcome.Updated, _bed.Outcomes["r-1", "61"]?.Outcome);
        var linked = _bed.Moodle.ByIdNumber("61")!;
        // Linked and then kept in step as any linked account: username, e-mail (its case too) and names as BambooHR has them.
        Assert.Equal((account.Id, Snapshots.Email("61"), Snapshots.Email("61"), "Person61"), (linked.Id, linked.Username, linked.Email, linked.LastName));
        Assert.Equal(account.Id, _bed.Ledger["61"]?.MoodleUserId);
        Assert.Equal(Outcome.Updated, _bed.Outcomes["r-1", "62"]?.Outcome);
        Assert.All(others, m => Assert.Equal(Outcome.Created, _bed.Outcomes["r-1", m.Attributes[MessageAttributes.EmployeeId]]?.Outcome));
        // Decide: 2 lookups. Creates: [61 63–70] refused, [61 63 64 65] refused, [61 63] refused, [61] refused, then
        // [63], [64 65] and [66–70] created: 7 calls. 61's thorough lookup: by idnumber and one e-mail search. Then one
        // update for the mover and the link together, and one read-back.
        Assert.Equal((4, 1, 7, 1), (_bed.Moodle.CallsTo(LookUp), _bed.Moodle.CallsTo(Search), _bed.Moodle.CallsTo(Create), _bed.Moodle.CallsTo(Update)));
    }

    [Fact]
    public async Task A_joiner_whose_email_has_an_underscore_is_created_beside_an_account_it_only_matches_as_a_like_pattern()
    {
        var lookalike = _bed.Moodle.Add(new InMemoryUser { Username = "axb@acme.example", Email = "axb@acme.example" });
        var joiner = Joiner("71", "a_b@acme.example");

        await _bed.HandleAsync(joiner);

        Assert.Equal(Outcome.Created, _bed.Outcomes["r-1", "71"]?.Outcome);
        var created = _bed.Moodle.ByIdNumber("71")!;
        Assert.NotEqual(lookalike.Id, created.Id);
        Assert.Equal(("a_b@acme.example", "a_b@acme.example"), (created.Username, created.Email));
        Assert.Equal(string.Empty, _bed.Moodle.Users.Single(u => u.Id == lookalike.Id).IdNumber);
    }

    [Fact]
    public async Task Two_accounts_holding_an_employees_idnumber_make_it_poison_naming_both_and_nothing_is_written()
    {
        var first = _bed.AddLinked("81");
        var second = _bed.Moodle.Add(new InMemoryUser { Username = "copy.81", Email = "copy.81@acme.example", IdNumber = "81" });
        var leaverFirst = _bed.AddLinked("82");
        var leaverSecond = _bed.Moodle.Add(new InMemoryUser { Username = "copy.82", Email = "copy.82@acme.example", IdNumber = "82" });

        await _bed.HandleAsync(Message(Snapshots.Active("81", "Research")), Message(Snapshots.Leaver("82")));

        Assert.Equal(0, _bed.Moodle.UsersWritten);
        Assert.Equal(0, _bed.Moodle.CallsTo(Create) + _bed.Moodle.CallsTo(Update));
        var parked = _bed.DeadLetters.Parked.ToDictionary(p => p.EmployeeId!);
        Assert.Equal(PoisonCodes.IdNumberDuplicate, parked["81"].Code);
        Assert.Contains($"Employee 81: Moodle users {first.Id}, {second.Id} ", parked["81"].Message, StringComparison.Ordinal);
        Assert.Equal(PoisonCodes.IdNumberDuplicate, parked["82"].Code);
        Assert.Contains($"Moodle users {leaverFirst.Id}, {leaverSecond.Id} ", parked["82"].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("@", parked["81"].Message + parked["82"].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_joiner_is_never_linked_to_an_account_found_by_email_while_another_holds_its_idnumber()
    {
        // Linking the e-mail's account would give Moodle a second holder of idnumber 91: the holder is the employee's.
        var holder = _bed.Moodle.Add(new InMemoryUser { Username = "old.91", Email = "old.91@acme.example", IdNumber = "91" });
        var byEmail = _bed.Moodle.Add(new InMemoryUser { Username = "legacy.91", Email = Snapshots.Email("91") });

        await _bed.HandleAsync(Joiner("91"));

        Assert.Equal(string.Empty, _bed.Moodle.Users.Single(u => u.Id == byEmail.Id).IdNumber);
        Assert.Equal(holder.Id, Assert.Single(_bed.Moodle.Users, u => u.IdNumber == "91").Id);
        Assert.Equal(0, _bed.Moodle.CallsTo(Create));
    }

    [Fact]
    public async Task Two_employees_of_a_batch_claiming_one_idnumber_are_poison_and_neither_is_created_nor_linked()
    {
        // Only an idnumber taken from the employee number can repeat: BambooHR then holds one number twice.
        _bed.Mapping.IdNumberSource = IdNumberSource.EmployeeNumber;
        var account = _bed.Moodle.Add(new InMemoryUser { Username = "legacy.98", Email = Snapshots.Email("98") });
        var messages = new[]
        {
            Joiner("95", number: "E777"), Joiner("96", number: "E777"), Joiner("97"),
            Joiner("98", number: "E888"), Joiner("99", number: "E888"),
        };

        await _bed.HandleAsync(messages);

        var parked = _bed.DeadLetters.Parked.ToDictionary(p => p.EmployeeId!);
        Assert.Equal(["95", "96", "98", "99"], parked.Keys.Order(StringComparer.Ordinal));
        Assert.All(parked.Values, p => Assert.Equal(PoisonCodes.IdNumberDuplicate, p.Code));
        Assert.Contains("Employee 95: employees 95, 96 ", parked["95"].Message, StringComparison.Ordinal);
        Assert.Contains("Employee 99: employees 98, 99 ", parked["99"].Message, StringComparison.Ordinal);
        Assert.Equal(["E97"], _bed.Moodle.Users.Select(u => u.IdNumber).Where(i => i.Length > 0));
        Assert.Equal(string.Empty, _bed.Moodle.Users.Single(u => u.Id == account.Id).IdNumber);
        Assert.Equal(0, _bed.Moodle.CallsTo(Update));
    }

    private static IncomingMessage Joiner(string id, string? email = null, string? number = null) =>
        Message(Snapshots.Active(id) with
        {
            WorkEmail = email ?? Snapshots.Email(id),
            EmployeeNumber = number ?? "E" + id,
        }, EmployeeAction.Inserted);

    private static IncomingMessage Message(EmployeeSnapshot snapshot, EmployeeAction action = EmployeeAction.Updated) =>
        Snapshots.Message(Snapshots.Changed("r-1", snapshot, action: action));

    public void Dispose() => _bed.Dispose();
}
