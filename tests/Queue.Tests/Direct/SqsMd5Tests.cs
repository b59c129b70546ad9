using Amazon.SQS.Internal;
using Amazon.SQS.Model;

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
    public void The_attribute_digest_equals_the_SDKs_whatever_the_order_and_types()
    {
        var attributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal)
        {
            ["traceparent"] = new() { DataType = "String", StringValue = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
            ["employee_id"] = new() { DataType = "String", StringValue = "42" },
            ["attempts"] = new() { DataType = "Number", StringValue = "3" },
            ["blob"] = new() { DataType = "Binary", BinaryValue = new MemoryStream([1, 2, 3, 250]) },
            ["run_id"] = new() { DataType = "String", StringValue = "run-Ünïcode" },
        };

        Assert.Equal(ValidationResponseHandler.CalculateMD5(attributes), SqsMd5.OfAttributes(attributes));
    }

    [Fact]
    public void No_attributes_have_no_digest() => Assert.Null(SqsMd5.OfAttributes([]));
}
