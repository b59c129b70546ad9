using Pipeline.Domain;

namespace Pipeline.Domain.Tests;

public class UserMatcherTests
{
    private const string Id = "101";
    private const string Email = "ada@example.com";
    private const string Username = "ada@example.com";

    private static MoodleUserState User(long id, string? idNumber = "", string email = "other@example.com", string username = "other") =>
        Employees.Stranger(id, username, email, idNumber);

    [Fact]
    public void Nobody_matching_is_none()
    {
        Assert.IsType<MatchResult.None>(UserMatcher.Match(Id, Email, Username, [User(1), User(2, "999")]));
        Assert.IsType<MatchResult.None>(UserMatcher.Match(Id, Email, Username, []));
    }

    [Fact]
    public void The_idnumber_wins_over_email_and_username()
    {
        var linked = User(5, Id, "old@example.com", "old");
        var byEmail = User(6, "", Email, "x");
        var found = Assert.IsType<MatchResult.Found>(UserMatcher.Match(Id, Email, Username, [byEmail, linked]));
        Assert.Equal(5, found.User.Id);
        Assert.Equal(MatchLink.IdNumber, found.LinkedBy);
    }

    [Fact]
    public void Found_by_email_case_insensitively_when_no_idnumber_matches()
    {
        var found = Assert.IsType<MatchResult.Found>(UserMatcher.Match(Id, Email, Username, [User(3, "", "ADA@Example.com", "legacy")]));
        Assert.Equal(3, found.User.Id);
        Assert.Equal(MatchLink.Email, found.LinkedBy);
    }

    [Fact]
    public void Found_by_username_when_neither_idnumber_nor_email_match()
    {
        var found = Assert.IsType<MatchResult.Found>(UserMatcher.Match(Id, Email, Username, [User(4, null, "personal@example.org", Username)]));
        Assert.Equal(MatchLink.Username, found.LinkedBy);
    }

    [Fact]
    public void The_same_user_matching_by_email_and_username_is_found_by_email()
    {
        var found = Assert.IsType<MatchResult.Found>(UserMatcher.Match(Id, Email, Username, [User(4, "", Email, Username)]));
        Assert.Equal(MatchLink.Email, found.LinkedBy);
    }

    [Fact]
    public void The_same_user_listed_twice_is_one_user()
    {
        var u = User(4, Id);
        Assert.IsType<MatchResult.Found>(UserMatcher.Match(Id, Email, Username, [u, u, u with { }]));
    }

    [Fact]
    public void Two_users_with_the_idnumber_are_an_idnumber_duplicate_whatever_else_matches()
    {
        var result = Assert.IsType<MatchResult.IdNumberDuplicate>(UserMatcher.Match(Id, Email, Username, [User(9, Id), User(2, Id), User(4, "", Email)]));
        Assert.Equal([2L, 9L], result.UserIds);

        var leaver = Assert.IsType<MatchResult.IdNumberDuplicate>(UserMatcher.MatchByIdNumber(Id, [User(9, Id), User(2, Id)]));
        Assert.Equal([2L, 9L], leaver.UserIds);
    }

    [Fact]
    public void An_account_holding_the_idnumber_is_the_one_found_so_no_other_account_is_linked_to_it()
    {
        // Linking the e-mail's account would give it the idnumber user 5 already holds: a duplicate Moodle accepts.
        var found = Assert.IsType<MatchResult.Found>(UserMatcher.Match(Id, Email, Username, [User(6, "", Email, Username), User(5, Id)]));
        Assert.Equal((5L, MatchLink.IdNumber), (found.User.Id, found.LinkedBy));
    }

    [Theory]
    [InlineData("a_b@example.com", "axb@example.com")]
    [InlineData("a_b@example.com", "A-B@example.com")]
    [InlineData("a%b@example.com", "ab@example.com")]
    [InlineData("a%b@example.com", "a.long.b@example.com")]
    public void Accounts_a_like_search_returns_for_a_wildcard_in_the_email_are_not_matches(string email, string lookalike)
    {
        // core_user_get_users' email criterion is a LIKE: "_" and "%" in the joiner's address match other accounts (fixtures 77, 78).
        Assert.IsType<MatchResult.None>(UserMatcher.Match(Id, email, email, [User(1, "", lookalike, lookalike)], usernameFromEmail: true));
    }

    [Fact]
    public void Among_like_lookalikes_only_the_account_with_the_same_email_ignoring_case_is_found()
    {
        var lookalike = User(1, "202", "axb@example.com", "axb@example.com");
        var same = User(2, "", " A_B@Example.com ", "legacy.ab");

        var found = Assert.IsType<MatchResult.Found>(UserMatcher.Match(Id, "a_b@example.com", "a_b@example.com", [lookalike, same], usernameFromEmail: true));

        Assert.Equal((2L, MatchLink.Email), (found.User.Id, found.LinkedBy));
    }

    [Fact]
    public void Two_accounts_with_the_email_among_like_lookalikes_are_ambiguous_and_the_lookalikes_are_not_named()
    {
        var result = Assert.IsType<MatchResult.Ambiguous>(UserMatcher.Match(Id, "a_b@example.com", "a_b@example.com",
            [User(1, "", "axb@example.com"), User(2, "", "a_b@example.com"), User(3, "", "A_B@EXAMPLE.COM"), User(4, "", "a_bc@example.com")],
            usernameFromEmail: true));
        Assert.Equal([2L, 3L], result.UserIds);
    }

    [Fact]
    public void Two_users_with_the_email_in_different_case_are_ambiguous()
    {
        var result = Assert.IsType<MatchResult.Ambiguous>(UserMatcher.Match(Id, Email, Username, [User(1, "", "ada@example.com"), User(2, "", "Ada@Example.com")]));
        Assert.Equal([1L, 2L], result.UserIds);
    }

    [Fact]
    public void An_email_match_and_a_different_username_match_are_ambiguous()
    {
        var result = Assert.IsType<MatchResult.Ambiguous>(UserMatcher.Match(Id, Email, Username, [User(1, "", Email, "ada"), User(2, "", "x@example.com", Username)]));
        Assert.Equal([1L, 2L], result.UserIds);
    }

    [Fact]
    public void A_username_cleaned_from_the_email_under_another_email_is_taken_not_found()
    {
        var other = User(4, "", "opslms@example.com", "opslms@example.com");
        var taken = Assert.IsType<MatchResult.UsernameTaken>(
            UserMatcher.Match(Id, "ops+lms@example.com", "opslms@example.com", [other], usernameFromEmail: true));
        Assert.Equal(4, taken.UserId);

        // Linked to another employee it stays a conflict; the same e-mail in another case is the same person.
        Assert.IsType<MatchResult.Conflict>(UserMatcher.Match(Id, "ops+lms@example.com", "opslms@example.com", [other with { IdNumber = "202" }], usernameFromEmail: true));
        var same = Assert.IsType<MatchResult.Found>(UserMatcher.Match(Id, "ops+lms@example.com", "opslms@example.com", [other with { Email = "OPS+LMS@example.com" }], usernameFromEmail: true));
        Assert.Equal(MatchLink.Email, same.LinkedBy);
    }

    [Fact]
    public void A_user_found_by_email_but_linked_to_another_employee_is_a_conflict()
    {
        var result = Assert.IsType<MatchResult.Conflict>(UserMatcher.Match(Id, Email, Username, [User(8, "202", Email, "someone")]));
        Assert.Equal(8, result.UserId);
        Assert.Equal(MatchLink.Email, result.FoundBy);
    }

    [Fact]
    public void A_user_found_by_username_but_linked_to_another_employee_is_a_conflict()
    {
        var result = Assert.IsType<MatchResult.Conflict>(UserMatcher.Match(Id, Email, Username, [User(8, "202", "x@example.com", Username)]));
        Assert.Equal(MatchLink.Username, result.FoundBy);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_idnumber_never_matches_users_without_one(string? idNumber)
    {
        Assert.IsType<MatchResult.None>(UserMatcher.Match(idNumber, null, null, [User(1, ""), User(2, null), User(3, "  ")]));
    }

    [Fact]
    public void Idnumbers_are_compared_exactly()
    {
        Assert.IsType<MatchResult.None>(UserMatcher.Match("e-1", null, null, [User(1, "E-1")]));
    }

    [Fact]
    public void Match_by_idnumber_only_ignores_email_and_username()
    {
        Assert.IsType<MatchResult.None>(UserMatcher.MatchByIdNumber(Id, [User(1, "", Email, Username)]));
        Assert.IsType<MatchResult.Found>(UserMatcher.MatchByIdNumber(Id, [User(1, Id)]));
    }
}
