using Pipeline.Contracts;
using Pipeline.Domain;
using Pipeline.Domain.Fields;

namespace Pipeline.Domain.Tests;

public class ReconcilerTests
{
    private static readonly MappingOptions CostCenter = Employees.Options(o => o.CustomProfileFields["costcenter"] = "Department");

    private static MappingResult Map(Contracts.EmployeeSnapshot s, MappingOptions? o = null) =>
        DesiredUserMapper.Map(s, o ?? CostCenter, Employees.Today);

    private static Decision Decide(Contracts.EmployeeSnapshot s, MoodleUserState? existing, EmployeeAction action = EmployeeAction.Updated)
    {
        var mapping = Map(s);
        var match = existing is null
            ? MatchResult.NotFound
            : UserMatcher.Match(mapping.User?.IdNumber, mapping.User?.Email, mapping.User?.Username, [existing], mapping.User?.UsernameFromEmail ?? false);
        return Reconciler.Decide(action, mapping, match);
    }

    private static MoodleUserState Current(Contracts.EmployeeSnapshot s, bool suspended = false) =>
        Employees.InMoodle(Employees.Desired(s, CostCenter), suspended: suspended);

    [Fact]
    public void A_joiner_not_in_moodle_is_created()
    {
        var snapshot = Employees.Active();
        var create = Assert.IsType<Decision.Create>(Decide(snapshot, null, EmployeeAction.Inserted));
        Assert.Equal(Map(snapshot).User, create.User);
        Assert.Equal(Outcome.Created, create.Outcome);
    }

    [Fact]
    public void A_long_department_moodle_already_holds_cut_is_no_change_so_it_is_not_written_every_night()
    {
        var snapshot = Employees.Active() with { Department = new string('d', 300) };
        var inMoodle = Employees.InMoodle(Employees.Desired(snapshot, CostCenter)).With("department", new string('d', 255));

        var decision = Assert.IsType<Decision.NoChange>(Decide(snapshot, inMoodle));
        Assert.Equal(NoChangeReasons.UpToDate, decision.Reason);

        var update = Assert.IsType<Decision.Update>(Decide(snapshot, inMoodle.With("department", new string('x', 255))));
        var change = Assert.Single(update.Changes);
        Assert.Equal(("department", new string('d', 255)), (change.Field, change.New));
    }

    [Fact]
    public void An_employee_already_matching_moodle_is_no_change()
    {
        var snapshot = Employees.Active();
        var decision = Assert.IsType<Decision.NoChange>(Decide(snapshot, Current(snapshot)));
        Assert.Equal(NoChangeReasons.UpToDate, decision.Reason);
        Assert.Equal(Outcome.Unchanged, decision.Outcome);
    }

    [Fact]
    public void Empty_and_null_are_the_same_so_moodles_empty_strings_are_no_change()
    {
        var snapshot = Employees.Active() with { Department = null, Division = " ", Location = "", Country = null };
        var moodle = Current(snapshot).With("department", null).With("institution", "").With("city", null).With("country", "");
        Assert.IsType<Decision.NoChange>(Decide(snapshot, moodle));
    }

    public static TheoryData<string, Func<MoodleUserState, MoodleUserState>, string?, string?> MoverFields => new()
    {
        { "username", m => m with { Username = "old@example.com" }, "old@example.com", "ada.lovelace@example.com" },
        { "firstname", m => m.With("firstname", "Augusta"), "Augusta", "Ada" },
        { "lastname", m => m.With("lastname", "Byron"), "Byron", "Lovelace" },
        { "email", m => m with { Email = "old@example.com" }, "old@example.com", "ada.lovelace@example.com" },
        { "department", m => m.With("department", "Sales"), "Sales", "Engineering" },
        { "department", m => m.With("department", ""), null, "Engineering" },
        { "institution", m => m.With("institution", "Ops"), "Ops", "Research" },
        { "city", m => m.With("city", "Paris"), "Paris", "London" },
        { "country", m => m.With("country", "FR"), "FR", "GB" },
        { "auth", m => m with { Auth = "nologin" }, "nologin", "manual" },
        { "customfield:costcenter", m => m with { CustomFields = Employees.Values(("costcenter", "CC-1")) }, "CC-1", "Engineering" },
        { "customfield:costcenter", m => m with { CustomFields = FieldValues.Empty }, null, "Engineering" },
    };

    [Theory]
    [MemberData(nameof(MoverFields))]
    public void A_mover_updates_only_the_field_that_changed(string field, Func<MoodleUserState, MoodleUserState> before, string? old, string? @new)
    {
        var snapshot = Employees.Active();
        var update = Assert.IsType<Decision.Update>(Decide(snapshot, before(Current(snapshot))));
        Assert.Equal(DecisionKind.Updated, update.Kind);
        Assert.Equal(Outcome.Updated, update.Outcome);
        Assert.Equal(7, update.UserId);
        Assert.Equal([new FieldChange(field, old, @new)], update.Changes);
    }

    [Fact]
    public void A_field_cleared_in_bamboohr_is_cleared_in_moodle()
    {
        var before = Employees.Active();
        var after = before with { Department = null, Country = "Atlantis" };
        var update = Assert.IsType<Decision.Update>(Decide(after, Current(before)));
        Assert.Equal(
            [new FieldChange("department", "Engineering", null), new FieldChange("country", "GB", null),
             new FieldChange("customfield:costcenter", "Engineering", null)],
            update.Changes);
    }

    [Fact]
    public void Moodle_custom_fields_the_sync_does_not_own_are_left_alone()
    {
        var snapshot = Employees.Active();
        var moodle = Current(snapshot) with { CustomFields = Employees.Values(("costcenter", "Engineering"), ("shoesize", "9")) };
        Assert.IsType<Decision.NoChange>(Decide(snapshot, moodle));
    }

    [Fact]
    public void A_change_of_email_case_is_applied()
    {
        var snapshot = Employees.Active() with { WorkEmail = "Ada.Lovelace@example.com" };
        var moodle = Current(Employees.Active());
        var update = Assert.IsType<Decision.Update>(Decide(snapshot, moodle));
        Assert.Equal([new FieldChange("email", "ada.lovelace@example.com", "Ada.Lovelace@example.com")], update.Changes);
    }

    [Fact]
    public void Names_are_compared_case_sensitively()
    {
        var snapshot = Employees.Active();
        var update = Assert.IsType<Decision.Update>(Decide(snapshot, Current(snapshot).With("lastname", "LOVELACE")));
        Assert.Equal([new FieldChange("lastname", "LOVELACE", "Lovelace")], update.Changes);
    }

    [Fact]
    public void An_existing_account_found_by_email_in_another_case_is_linked_and_updated()
    {
        var snapshot = Employees.Active();
        var legacy = Current(snapshot) with { IdNumber = "", Email = "ADA.LOVELACE@EXAMPLE.COM", Username = "alovelace" };
        var update = Assert.IsType<Decision.Update>(Decide(snapshot, legacy));
        Assert.Equal(DecisionKind.Updated, update.Kind);
        Assert.Equal(
            [new FieldChange("idnumber", null, "101"),
             new FieldChange("username", "alovelace", "ada.lovelace@example.com"),
             new FieldChange("email", "ADA.LOVELACE@EXAMPLE.COM", "ada.lovelace@example.com")],
            update.Changes);
    }

    [Fact]
    public void An_existing_account_found_by_an_employee_number_username_is_linked()
    {
        // Only a username not cleaned from the e-mail links an account under another e-mail (see UsernameTaken).
        var options = Employees.Options(o => o.UsernameSource = UsernameSource.EmployeeNumber);
        var snapshot = Employees.Active();
        var mapping = Map(snapshot, options);
        var legacy = Employees.InMoodle(mapping.User!, 7) with { IdNumber = null, Email = "ada@personal.example.org" };
        var match = UserMatcher.Match(mapping.User!.IdNumber, mapping.User.Email, mapping.User.Username, [legacy], mapping.User.UsernameFromEmail);
        var update = Assert.IsType<Decision.Update>(Reconciler.Decide(EmployeeAction.Updated, mapping, match));
        Assert.Equal(
            [new FieldChange("idnumber", null, "101"), new FieldChange("email", "ada@personal.example.org", "ada.lovelace@example.com")],
            update.Changes);
    }

    // ---- leavers -------------------------------------------------------------------------------

    [Fact]
    public void A_leaver_by_status_is_suspended_and_nothing_else_changes()
    {
        var before = Employees.Active();
        var leaver = before with { Status = "Inactive", Department = "Alumni", LastName = "Byron" };
        var update = Assert.IsType<Decision.Update>(Decide(leaver, Current(before)));
        Assert.Equal(DecisionKind.Suspended, update.Kind);
        Assert.Equal(Outcome.Suspended, update.Outcome);
        Assert.Equal([new FieldChange("suspended", "0", "1")], update.Changes);
    }

    [Fact]
    public void A_leaver_by_past_termination_date_is_suspended()
    {
        var before = Employees.Active();
        var update = Assert.IsType<Decision.Update>(Decide(before with { TerminationDate = "2025-06-01" }, Current(before)));
        Assert.Equal(DecisionKind.Suspended, update.Kind);
    }

    [Fact]
    public void A_leaver_already_suspended_is_no_change()
    {
        var leaver = Employees.Active() with { Status = "Inactive" };
        var decision = Assert.IsType<Decision.NoChange>(Decide(leaver, Current(leaver, suspended: true)));
        Assert.Equal(NoChangeReasons.AlreadySuspended, decision.Reason);
    }

    [Fact]
    public void A_leaver_not_in_moodle_is_not_created()
    {
        var decision = Assert.IsType<Decision.NoChange>(Decide(Employees.Active() with { Status = "Inactive" }, null));
        Assert.Equal(NoChangeReasons.LeaverNotInMoodle, decision.Reason);
    }

    [Fact]
    public void A_leaver_found_by_email_is_linked_and_suspended()
    {
        var leaver = Employees.Active() with { Status = "Inactive" };
        var update = Assert.IsType<Decision.Update>(Decide(leaver, Current(leaver) with { IdNumber = "" }));
        Assert.Equal(DecisionKind.Suspended, update.Kind);
        Assert.Equal([new FieldChange("idnumber", null, "101"), new FieldChange("suspended", "0", "1")], update.Changes);
    }

    [Fact]
    public void A_suspended_leaver_found_by_email_is_only_linked()
    {
        var leaver = Employees.Active() with { Status = "Inactive" };
        var update = Assert.IsType<Decision.Update>(Decide(leaver, Current(leaver, suspended: true) with { IdNumber = "" }));
        Assert.Equal(DecisionKind.Updated, update.Kind);
        Assert.Equal([new FieldChange("idnumber", null, "101")], update.Changes);
    }

    [Fact]
    public void A_deleted_employee_with_a_snapshot_is_treated_as_a_leaver()
    {
        var snapshot = Employees.Active();
        var update = Assert.IsType<Decision.Update>(Decide(snapshot, Current(snapshot), EmployeeAction.Deleted));
        Assert.Equal(DecisionKind.Suspended, update.Kind);
        Assert.IsType<Decision.NoChange>(Decide(snapshot, null, EmployeeAction.Deleted));
    }

    [Fact]
    public void A_deleted_employee_without_snapshot_is_suspended_when_found_by_idnumber()
    {
        var moodle = Current(Employees.Active());
        var update = Assert.IsType<Decision.Update>(
            Reconciler.Decide(EmployeeAction.Deleted, null, UserMatcher.MatchByIdNumber("101", [moodle]), "101"));
        Assert.Equal(DecisionKind.Suspended, update.Kind);
        Assert.Equal([new FieldChange("suspended", "0", "1")], update.Changes);
    }

    [Fact]
    public void A_deleted_employee_without_snapshot_already_suspended_or_absent_is_no_change()
    {
        var suspended = Current(Employees.Active(), suspended: true);
        Assert.IsType<Decision.NoChange>(Reconciler.Decide(EmployeeAction.Deleted, null, UserMatcher.MatchByIdNumber("101", [suspended])));
        Assert.IsType<Decision.NoChange>(Reconciler.Decide(EmployeeAction.Deleted, null, MatchResult.NotFound));
    }

    [Fact]
    public void A_deleted_employee_without_snapshot_is_not_suspended_on_an_unconfirmed_email_match()
    {
        var moodle = Current(Employees.Active()) with { IdNumber = "" };
        Assert.IsType<Decision.NoChange>(Reconciler.Decide(EmployeeAction.Deleted, null, new MatchResult.Found(moodle, MatchLink.Email)));
    }

    [Fact]
    public void A_deleted_employee_matching_two_users_is_poison()
    {
        var poison = Assert.IsType<Decision.Poison>(Reconciler.Decide(EmployeeAction.Deleted, null, new MatchResult.Ambiguous([3, 4]), "101"));
        Assert.Equal(PoisonCodes.AmbiguousMatch, poison.Code);
        Assert.Contains("Employee 101", poison.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EmployeeAction.Inserted)]
    [InlineData(EmployeeAction.Updated)]
    public void An_insert_or_update_without_snapshot_is_poison(EmployeeAction action)
    {
        var poison = Assert.IsType<Decision.Poison>(Reconciler.Decide(action, null, MatchResult.NotFound, "101"));
        Assert.Equal(PoisonCodes.MissingSnapshot, poison.Code);
    }

    // ---- rehires -------------------------------------------------------------------------------

    [Fact]
    public void A_rehire_found_suspended_is_reactivated_with_its_changed_fields()
    {
        var before = Employees.Active() with { Status = "Inactive", TerminationDate = "2024-01-31" };
        var rehire = Employees.Active() with { HireDate = "2025-03-01", TerminationDate = "2024-01-31", Department = "Finance" };
        var update = Assert.IsType<Decision.Update>(Decide(rehire, Current(before, suspended: true)));
        Assert.Equal(DecisionKind.Reactivated, update.Kind);
        Assert.Equal(Outcome.Reactivated, update.Outcome);
        Assert.Equal(
            [new FieldChange("department", "Engineering", "Finance"),
             new FieldChange("customfield:costcenter", "Engineering", "Finance"),
             new FieldChange("suspended", "1", "0")],
            update.Changes);
    }

    [Fact]
    public void A_suspended_active_employee_with_nothing_else_changed_is_just_reactivated()
    {
        var snapshot = Employees.Active();
        var update = Assert.IsType<Decision.Update>(Decide(snapshot, Current(snapshot, suspended: true)));
        Assert.Equal([new FieldChange("suspended", "1", "0")], update.Changes);
        Assert.Equal(DecisionKind.Reactivated, update.Kind);
    }

    // ---- poison --------------------------------------------------------------------------------

    [Fact]
    public void Two_matching_users_are_poison_naming_their_ids_but_no_personal_data()
    {
        var mapping = Map(Employees.Active());
        var poison = Assert.IsType<Decision.Poison>(Reconciler.Decide(EmployeeAction.Updated, mapping, new MatchResult.Ambiguous([12, 34])));
        Assert.Equal(PoisonCodes.AmbiguousMatch, poison.Code);
        Assert.Equal(Outcome.DeadLettered, poison.Outcome);
        Assert.Contains("12, 34", poison.Message, StringComparison.Ordinal);
        Assert.Contains("Employee 101", poison.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("lovelace", poison.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Accounts_sharing_the_employees_idnumber_are_poison_naming_every_one_of_them_but_no_personal_data()
    {
        var mapping = Map(Employees.Active());
        var duplicate = new MatchResult.IdNumberDuplicate([12, 34]);

        var poison = Assert.IsType<Decision.Poison>(Reconciler.Decide(EmployeeAction.Updated, mapping, duplicate));
        var leaver = Assert.IsType<Decision.Poison>(Reconciler.Decide(EmployeeAction.Deleted, null, duplicate, "101"));

        Assert.Equal((PoisonCodes.IdNumberDuplicate, PoisonCodes.IdNumberDuplicate), (poison.Code, leaver.Code));
        Assert.Contains("Employee 101: Moodle users 12, 34 ", poison.Message, StringComparison.Ordinal);
        Assert.Contains("Employee 101: Moodle users 12, 34 ", leaver.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("lovelace", poison.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@", poison.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_linked_to_another_employee_is_poison_and_never_taken_over()
    {
        var snapshot = Employees.Active();
        var someoneElses = Current(snapshot) with { IdNumber = "202" };
        var poison = Assert.IsType<Decision.Poison>(Decide(snapshot, someoneElses));
        Assert.Equal(PoisonCodes.IdNumberConflict, poison.Code);
        Assert.Contains("Moodle user 7", poison.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("lovelace", poison.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_cleaned_username_held_by_an_account_with_another_email_is_poison_naming_both()
    {
        var snapshot = Employees.Active() with { WorkEmail = "ops+lms@example.com" };
        var other = Employees.Stranger(42, "opslms@example.com", "opslms@example.com");
        var poison = Assert.IsType<Decision.Poison>(Decide(snapshot, other, EmployeeAction.Inserted));
        Assert.Equal(PoisonCodes.UsernameTaken, poison.Code);
        Assert.Contains("Employee 101", poison.Message, StringComparison.Ordinal);
        Assert.Contains("Moodle user 42", poison.Message, StringComparison.Ordinal);
        Assert.Contains("'opslms@example.com'", poison.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ops+lms", poison.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_poisoned_mapping_is_poison_with_its_code_and_message()
    {
        var mapping = Map(Employees.Active() with { WorkEmail = "nope" });
        var poison = Assert.IsType<Decision.Poison>(Reconciler.Decide(EmployeeAction.Updated, mapping, MatchResult.NotFound));
        Assert.Equal((PoisonCodes.InvalidEmail, mapping.PoisonMessage), (poison.Code, poison.Message));
    }

    [Fact]
    public void A_leaver_whose_email_was_cleared_is_still_suspended_by_idnumber()
    {
        var moodle = Current(Employees.Active());
        var mapping = Map(Employees.Active() with { Status = "Inactive", WorkEmail = null });
        var update = Assert.IsType<Decision.Update>(Reconciler.Decide(EmployeeAction.Updated, mapping, UserMatcher.MatchByIdNumber(mapping.LeaverIdNumber, [moodle])));
        Assert.Equal(DecisionKind.Suspended, update.Kind);
        Assert.Equal([new FieldChange("suspended", "0", "1")], update.Changes);

        Assert.IsType<Decision.NoChange>(Reconciler.Decide(EmployeeAction.Updated, mapping, MatchResult.NotFound));
    }

    [Fact]
    public void A_poisoned_leaver_matched_only_by_email_is_still_poison()
    {
        var moodle = Current(Employees.Active()) with { IdNumber = "" };
        var mapping = Map(Employees.Active() with { Status = "Inactive", LastName = null });
        var poison = Assert.IsType<Decision.Poison>(Reconciler.Decide(EmployeeAction.Updated, mapping, new MatchResult.Found(moodle, MatchLink.Email)));
        Assert.Equal(PoisonCodes.MissingName, poison.Code);
    }

    [Fact]
    public void There_is_no_delete_decision_at_all()
    {
        var kinds = typeof(Decision).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(Decision))).Select(t => t.Name).Order().ToList();
        Assert.Equal(["Create", "NoChange", "Poison", "Update"], kinds);
        Assert.DoesNotContain(FieldTable.Moodle.All, f => f.Name is "deleted");
    }
}
