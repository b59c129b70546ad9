using Amazon.SQS.Internal;

namespace Pipeline.Queue.Tests.Direct;

/// <summary>The digests the direct sender checks SQS's answers against are the ones the AWS SDK computes.</summary>
public sealed class SqsMd5Tests
{
    [Theory]
    [InlineData("")]
    [InlineData("""{"employee_id":"42"}""")]
    [InlineData("Zoë Ångström 👩‍💻 \t\r\n")]
    public void The_body_digest_equals_the_SDKs(string body) =>
        Assert.Equal(ValidationResponseHandler.CalculateMD5(body), SqsMd5.OfBody(body));

    [Fact]
    public void The_attribute_digest_equals_the_SDKs_for_the_attributes_as_sent_whatever_their_order()
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            ["employee_id"] = "42",
            ["empty"] = "",
            ["run_id"] = "run-Ünïcode",
        };

        Assert.Equal(ValidationResponseHandler.CalculateMD5(SqsAttributes.ToSqs(attributes)), SqsMd5.OfAttributes(attributes));
    }

    [Fact]
    public void No_attributes_sent_have_no_digest() => Assert.Null(SqsMd5.OfAttributes(new Dictionary<string, string> { ["empty"] = "" }));
}
