using Amazon.Runtime;
using Amazon.SQS;
using Pipeline.TestSupport;

namespace Pipeline.Queue.Tests;

/// <summary>An SQS client for the emulator whose HTTP requests pass through <paramref name="handler"/>.</summary>
internal static class FaultInjectingSqs
{
    public static IAmazonSQS Create(EmulatorFixture emulators, HttpMessageHandler handler) =>
        new AmazonSQSClient(new AmazonSQSConfig
        {
            DefaultAWSCredentials = new BasicAWSCredentials("test", "test"),
            ServiceURL = emulators.SqsEndpoint.ToString(),
            AuthenticationRegion = EmulatorFixture.Region,
            HttpClientFactory = new Factory(handler),
        });

    /// <summary>A client for the emulator that never retries on its own, so every resend is the publisher's and is counted.</summary>
    public static IAmazonSQS WithoutSdkRetries(EmulatorFixture emulators) =>
        new AmazonSQSClient(new AmazonSQSConfig
        {
            DefaultAWSCredentials = new BasicAWSCredentials("test", "test"),
            ServiceURL = emulators.SqsEndpoint.ToString(),
            AuthenticationRegion = EmulatorFixture.Region,
            MaxErrorRetry = 0,
        });

    private sealed class Factory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

        public override string GetConfigUniqueString(IClientConfig clientConfig) => "fault-injecting";
    }
}
