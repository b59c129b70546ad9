using Microsoft.Extensions.Options;
using Pipeline.Consumer.Handling;
using Pipeline.Resilience;

namespace Pipeline.Consumer.Tests;

public sealed class RetryDelayTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(5, 160)]
    [InlineData(6, 300)]
    [InlineData(40, 300)]
    public void The_delay_is_the_redelivery_rule_doubling_per_receive_up_to_the_cap_plus_at_most_a_fifth_of_jitter(int receiveCount, int seconds)
    {
        var delay = new RetryDelay(Options.Create(new RetryOptions
        {
            Redelivery = new Backoff { BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromMinutes(5) },
        }));

        var samples = Enumerable.Range(0, 50).Select(_ => delay.For(receiveCount)).ToList();

        Assert.All(samples, d => Assert.InRange(d, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(seconds * 1.2)));
    }
}
