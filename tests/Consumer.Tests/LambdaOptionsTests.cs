using Pipeline.Consumer.Lambda;

namespace Pipeline.Consumer.Tests;

public sealed class LambdaOptionsTests
{
    [Theory]
    [InlineData("00:00:00", false)]
    [InlineData("-00:00:05", false)]
    [InlineData("00:00:01", true)]
    [InlineData("00:14:50", true)]
    [InlineData("00:15:01", false)]
    public void The_invocation_budget_must_fit_in_a_lambda_timeout(string budget, bool valid)
    {
        var result = new LambdaOptionsValidator().Validate(null, new LambdaOptions { InvocationBudget = TimeSpan.Parse(budget, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Consumer__InvocationBudget", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_default_budget_leaves_ten_seconds_of_the_default_60_second_timeout() =>
        Assert.Equal(TimeSpan.FromSeconds(50), new LambdaOptions().InvocationBudget);
}
