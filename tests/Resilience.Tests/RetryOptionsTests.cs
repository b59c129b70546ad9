using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Pipeline.Resilience.Tests;

public sealed class RetryOptionsTests
{
    [Fact]
    public void The_defaults_are_the_values_each_service_had_before_they_moved_here()
    {
        var o = Bind([]);

        Assert.Equal((AwsRetryMode.Standard, 5), (o.Aws.Mode, o.Aws.MaxAttempts));
        Assert.Equal((4, TimeSpan.FromMilliseconds(500)), (o.Moodle.MaxAttempts, o.Moodle.BaseDelay));
        Assert.Equal((6, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2)), (o.BambooHr.MaxAttempts, o.BambooHr.BaseDelay, o.BambooHr.MaxDelay));
        Assert.Equal((5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5)), (o.Sqs.MaxAttempts, o.Sqs.BaseDelay, o.Sqs.MaxDelay));
        Assert.Equal((8, TimeSpan.FromMilliseconds(50)), (o.DynamoDb.MaxAttempts, o.DynamoDb.BaseDelay));
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)), (o.Redelivery.BaseDelay, o.Redelivery.MaxDelay));
    }

    [Fact]
    public void Keys_set_in_the_Retry_section_replace_only_their_own_defaults()
    {
        var o = Bind(new()
        {
            ["Retry:Moodle:MaxAttempts"] = "2",
            ["Retry:Redelivery:BaseDelay"] = "00:00:01",
            ["Retry:Aws:Mode"] = "Adaptive",
        });

        Assert.Equal((2, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30)), (o.Moodle.MaxAttempts, o.Moodle.BaseDelay, o.Moodle.MaxDelay));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)), (o.Redelivery.BaseDelay, o.Redelivery.MaxDelay));
        Assert.Equal((AwsRetryMode.Adaptive, 5), (o.Aws.Mode, o.Aws.MaxAttempts));
    }

    [Theory]
    [InlineData("Retry:Moodle:MaxAttempts", "0", "Retry:Moodle:MaxAttempts")]
    [InlineData("Retry:BambooHr:MaxAttempts", "21", "Retry:BambooHr:MaxAttempts")]
    [InlineData("Retry:Sqs:BaseDelay", "00:00:06", "Retry:Sqs:BaseDelay")] // above its MaxDelay of 5 s
    [InlineData("Retry:DynamoDb:BaseDelay", "-00:00:01", "Retry:DynamoDb:BaseDelay")]
    [InlineData("Retry:Redelivery:MaxDelay", "11:00:00", "Retry:Redelivery:MaxDelay")] // past SQS's 12 h visibility with jitter
    [InlineData("Retry:Aws:MaxAttempts", "0", "Retry:Aws:MaxAttempts")]
    public void A_value_out_of_range_fails_naming_its_key(string key, string value, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [key] = value }));

        Assert.Contains(error.Failures, f => f.Contains(named, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Moodle:MaxReadAttempts", "Retry__Moodle__MaxAttempts")]
    [InlineData("Moodle:RetryBaseDelay", "Retry__Moodle__BaseDelay")]
    [InlineData("BambooHr:MaxAttempts", "Retry__BambooHr__MaxAttempts")]
    [InlineData("BambooHr:RetryBaseDelay", "Retry__BambooHr__BaseDelay")]
    [InlineData("Queue:MaxPublishAttempts", "Retry__Sqs__MaxAttempts")]
    [InlineData("Consumer:RetryBaseDelay", "Retry__Redelivery__BaseDelay")]
    [InlineData("Consumer:MaxRetryDelay", "Retry__Redelivery__MaxDelay")]
    public void A_retired_key_stops_the_start_naming_the_key_that_replaced_it(string retired, string replacement)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [retired] = "3" }));

        var failure = Assert.Single(error.Failures);
        Assert.Contains(retired.Replace(":", "__", StringComparison.Ordinal), failure, StringComparison.Ordinal);
        Assert.Contains(replacement, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Registering_twice_binds_and_validates_once()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Retry:Sqs:MaxAttempts"] = "2" }).Build();
        var services = new ServiceCollection().AddRetryOptions(config).AddRetryOptions(config);

        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<RetryOptions>));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(2, provider.GetRequiredService<IOptions<RetryOptions>>().Value.Sqs.MaxAttempts);
    }

    private static RetryOptions Bind(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddRetryOptions(config).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RetryOptions>>().Value;
    }
}
