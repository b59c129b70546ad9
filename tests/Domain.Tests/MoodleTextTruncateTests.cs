namespace Pipeline.Domain.Tests;

public class MoodleTextTruncateTests
{
    [Fact]
    public void A_value_that_fits_comes_back_as_it_is()
    {
        const string value = "Ünïcødé 😀";
        Assert.Same(value, MoodleText.Truncate(value, MoodleText.Length(value)));
    }

    [Theory]
    [InlineData("abcdef", 4, "abcd")]
    [InlineData("éééééé", 4, "éééé")]
    [InlineData("日本語のテキスト", 3, "日本語")]
    [InlineData("😀😀😀", 2, "😀😀")]
    [InlineData("ab😀cd", 3, "ab😀")]
    public void It_counts_code_points_as_postgresql_does(string value, int limit, string expected)
    {
        var cut = MoodleText.Truncate(value, limit);
        Assert.Equal(expected, cut);
        Assert.True(MoodleText.Length(cut) <= limit);
    }

    [Fact]
    public void It_never_ends_on_half_a_surrogate_pair()
    {
        // Each emoji is two UTF-16 units: a cut by units at 5 would leave a lone high surrogate.
        var cut = MoodleText.Truncate("ab😀😀😀", 4);
        Assert.Equal("ab😀😀", cut);
        Assert.False(char.IsHighSurrogate(cut[^1]));
    }

    [Theory]
    // e + combining acute accent is one letter of two code points: it goes whole or not at all.
    [InlineData("cafe\u0301s", 4, "caf")]
    [InlineData("cafe\u0301s", 5, "cafe\u0301")]
    // A flag is two regional indicators.
    [InlineData("ab🇫🇷", 3, "ab")]
    // A family emoji is four people joined by three ZWJ: seven code points.
    [InlineData("a👩‍👩‍👧‍👦b", 7, "a")]
    [InlineData("a👩‍👩‍👧‍👦b", 8, "a👩‍👩‍👧‍👦")]
    public void It_cuts_between_user_perceived_characters(string value, int limit, string expected)
    {
        Assert.Equal(expected, MoodleText.Truncate(value, limit));
    }

    [Fact]
    public void A_single_character_longer_than_the_column_is_cut_by_code_point()
    {
        var zalgo = "a" + new string('\u0301', 20);
        var cut = MoodleText.Truncate(zalgo, 5);
        Assert.Equal("a" + new string('\u0301', 4), cut);
    }

    [Fact]
    public void Trailing_spaces_are_dropped_after_the_cut()
    {
        Assert.Equal("Research", MoodleText.Truncate("Research   and Development", 10));
    }

    [Fact]
    public void A_cut_that_would_leave_a_trailing_angle_bracket_drops_it_so_strip_tags_has_no_tag_to_read()
    {
        // "R&D < 3" is text to Moodle; "R&D <" is not (strip_tags takes the '<' as an unclosed tag).
        var cut = MoodleText.Truncate("R&D < 3 teams", 5);
        Assert.Equal("R&D", cut);
        Assert.False(MoodleText.HasMarkup(cut));
    }
}
