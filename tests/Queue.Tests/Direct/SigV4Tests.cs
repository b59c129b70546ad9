using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Pipeline.Queue.Tests.Direct;

/// <summary>
/// The direct sender's signatures are checked against the AWS SDK's own signer: the emulator accepts any signature,
/// so this is where a signing mistake that real SQS would refuse gets caught.
/// </summary>
public sealed class SigV4Tests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Our_signature_equals_the_AWS_SDK_signature_for_the_same_SendMessageBatch_request_with_the_SDK_http_intercepted(bool sessionToken)
    {
        AWSCredentials credentials = sessionToken
            ? new SessionAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "FQoGZXIvYXdzEXAMPLE//token+/=")
            : new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        var recorder = new RecordingHandler();
        using var sqs = new AmazonSQSClient(new AmazonSQSConfig
        {
            RegionEndpoint = Amazon.RegionEndpoint.EUWest2,
            DefaultAWSCredentials = credentials,
            HttpClientFactory = new FixedHttpClientFactory(recorder),
            MaxErrorRetry = 0,
        });

        await sqs.SendMessageBatchAsync(new SendMessageBatchRequest
        {
            QueueUrl = "https://sqs.eu-west-2.amazonaws.com/123456789012/hr-sync",
            Entries = [new SendMessageBatchRequestEntry { Id = "0", MessageBody = """{"employee_id":"42","name":"Zoë"}""" }],
        });

        var request = recorder.Request!;
        var sdkAuthorization = HeaderValue(request, "Authorization");
        var signedNames = sdkAuthorization.Split("SignedHeaders=")[1].Split(',')[0].Split(';');
        var headers = signedNames.Select(name => (name, HeaderValue(request, name))).ToList();
        var signedAt = DateTime.ParseExact(HeaderValue(request, "x-amz-date"), "yyyyMMdd'T'HHmmss'Z'",
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        var immutable = await credentials.GetCredentialsAsync();

        var ours = new SigV4("eu-west-2", "sqs").Authorization(immutable.AccessKey, immutable.SecretKey, signedAt, "POST", request.RequestUri!.AbsolutePath,
            headers, SigV4.Hex(SHA256.HashData(recorder.Body)));

        Assert.Equal(sdkAuthorization, ours);
        Assert.Equal(sessionToken, signedNames.Contains("x-amz-security-token"));
    }

    [Fact]
    public void The_signing_key_matches_the_AWS_documentation_example()
    {
        // "Examples of how to derive a signing key for Signature Version 4" (AWS General Reference).
        var key = new SigV4("us-east-1", "iam").SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830");

        Assert.Equal("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", SigV4.Hex(key));
    }

    private static string HeaderValue(HttpRequestMessage request, string name)
    {
        if (name == "host")
        {
            var uri = request.RequestUri!;
            return request.Headers.Host ?? (uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}");
        }

        var values = request.Headers.TryGetValues(name, out var h) ? h
            : request.Content?.Headers.TryGetValues(name, out var c) == true ? c
            : throw new InvalidOperationException($"The SDK signed header {name} but did not send it.");
        return string.Join(",", values).Trim();
    }

    private sealed class FixedHttpClientFactory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);
    }
}
