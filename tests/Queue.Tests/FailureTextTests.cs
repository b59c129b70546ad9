namespace Pipeline.Queue.Tests;

public sealed class FailureTextTests
{
    [Fact]
    public void Short_clean_text_is_kept_as_is() =>
        Assert.Equal("Moodle said: invalid\tparameter\r\n", FailureText.Clean("Moodle said: invalid\tparameter\r\n"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\u0000\u0001")]
    public void Empty_or_unstorable_text_becomes_a_placeholder(string? text) =>
        Assert.Equal("(no message)", FailureText.Clean(text));

    [Fact]
    public void Characters_SQS_refuses_are_dropped() =>
        Assert.Equal("ab😀c", FailureText.Clean("a\u0001b\uFFFF😀\uD800c"));

    [Fact]
    public void Long_text_is_cut_to_the_limit_with_an_ellipsis_and_never_splits_a_surrogate_pair()
    {
        var text = new string('x', FailureText.MaxLength - 2) + "😀😀😀";

        var clean = FailureText.Clean(text);

        Assert.True(clean.Length <= FailureText.MaxLength);
        Assert.EndsWith("x…", clean, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_of_exactly_the_limit_is_not_cut()
    {
        var text = new string('y', FailureText.MaxLength);

        Assert.Equal(text, FailureText.Clean(text));
    }
}
