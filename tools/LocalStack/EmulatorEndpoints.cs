using System.Globalization;

namespace Pipeline.LocalStack;

/// <summary>
/// Where the emulators answer: <c>AWS_ENDPOINT_URL_SQS</c> / <c>AWS_ENDPOINT_URL_DYNAMODB</c> when set, otherwise
/// 127.0.0.1 on <c>SQS_PORT</c> / <c>DYNAMODB_PORT</c> (defaults 4566 / 4567, as tools/emulators.sh uses).
/// </summary>
public static class EmulatorEndpoints
{
    public const int DefaultSqsPort = 4566;
    public const int DefaultDynamoDbPort = 4567;

    public static Uri Sqs => Resolve("AWS_ENDPOINT_URL_SQS", "SQS_PORT", DefaultSqsPort);

    public static Uri DynamoDb => Resolve("AWS_ENDPOINT_URL_DYNAMODB", "DYNAMODB_PORT", DefaultDynamoDbPort);

    private static Uri Resolve(string urlVariable, string portVariable, int defaultPort)
    {
        var url = Environment.GetEnvironmentVariable(urlVariable);
        if (!string.IsNullOrWhiteSpace(url))
        {
            return Uri.TryCreate(url, UriKind.Absolute, out var uri)
                ? uri
                : throw new InvalidOperationException($"{urlVariable}='{url}' is not an absolute URL.");
        }

        var portText = Environment.GetEnvironmentVariable(portVariable);
        var port = defaultPort;
        if (!string.IsNullOrWhiteSpace(portText)
            && !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port))
        {
            throw new InvalidOperationException($"{portVariable}='{portText}' is not a port number.");
        }

        return new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
    }
}
