using Amazon.Runtime;
using Amazon.SQS;
using Pipeline.TestSupport;

namespace Pipeline.Queue.Tests;

/// <summary>An SQS client for the emulator whose HTTP requests pass through <paramref name="handler"/>.</summary>
internal static class FaultInjectingSqs
{
    public static IAmazonSQS Create(EmulatorFixture emulators, HttpMessageHandler handler) =>
        new AmazonSQSClient(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig
        {
            ServiceURL = emulators.SqsEndpoint.ToString(),
            AuthenticationRegion = EmulatorFixture.Region,
            HttpClientFactory = new Factory(handler),
        });

    private sealed class Factory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

        public override string GetConfigUniqueString(IClientConfig clientConfig) => "fault-injecting";
    }
}
