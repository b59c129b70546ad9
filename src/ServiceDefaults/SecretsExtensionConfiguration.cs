using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Pipeline.ServiceDefaults;

/// <summary>
/// A configuration source fed by the AWS Parameters and Secrets Lambda Extension. AWSSDK.SecretsManager
/// is not available to us, and the extension needs no SDK: one GET on localhost with the session token.
/// </summary>
public static class SecretsExtensionConfiguration
{
    public static IConfigurationBuilder AddSecretsFromLambdaExtension(this IConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var current = builder is IConfiguration c ? c : builder.Build();
        var options = new SecretsExtensionOptions();
        current.GetSection("Secrets").Bind(options);
        if (string.IsNullOrWhiteSpace(options.SecretId))
        {
            return builder;
        }

        var token = current["AWS_SESSION_TOKEN"] ?? Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN") ?? string.Empty;
        return builder.Add(new SecretsExtensionSource(options, token));
    }
}

internal sealed class SecretsExtensionSource(SecretsExtensionOptions options, string sessionToken, TimeProvider? time = null) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new SecretsExtensionProvider(options, sessionToken, time ?? TimeProvider.System);
}

internal sealed class SecretsExtensionProvider(SecretsExtensionOptions options, string sessionToken, TimeProvider time) : ConfigurationProvider, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _refreshing;

    /// <summary>Completes when the refresh loop has ended (after <see cref="Dispose"/>): nothing is fetched after that.</summary>
    internal Task Refreshing => _refreshing ?? Task.CompletedTask;

    public override void Load()
    {
        Data = SecretsExtensionClient.FetchAsync(options, sessionToken, CancellationToken.None).GetAwaiter().GetResult();
        // Rotation without a redeploy: after the cache TTL the values are read again and bound options see them.
        _refreshing ??= RefreshAsync(_stop.Token);
    }

    /// <summary>
    /// One refresh at a time, awaited rather than blocking a thread-pool thread: a slow extension must not pile up
    /// refreshes (each holding a thread for up to the 10 s timeout) and starve the process that reads the values.
    /// </summary>
    private async Task RefreshAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.CacheTtl, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    Data = await SecretsExtensionClient.FetchAsync(options, sessionToken, ct).ConfigureAwait(false);
                    OnReload();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException && !ct.IsCancellationRequested)
                {
                    // Keep serving the last good values; the next start-up reports the problem loudly.
                }
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Disposed: the host is stopping, and whatever the cancellation interrupted is moot.
        }
    }

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}

/// <summary>Reads one secret through the extension and maps its JSON keys to configuration keys.</summary>
public static class SecretsExtensionClient
{
    public static async Task<Dictionary<string, string?>> FetchAsync(
        SecretsExtensionOptions options, string sessionToken, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var http = new HttpClient { BaseAddress = options.Endpoint, Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(
            HttpMethod.Get, $"secretsmanager/get?secretId={Uri.EscapeDataString(options.SecretId!)}");
        request.Headers.Add("X-Aws-Parameters-Secrets-Token", sessionToken);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new SecretsUnavailableException(
                $"Could not reach the Parameters and Secrets Lambda Extension at {options.Endpoint} to read secret '{options.SecretId}': {ex.Message}. " +
                "Check that the extension layer is attached to the function.", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new SecretsUnavailableException(
                    $"The secrets extension answered {(int)response.StatusCode} for secret '{options.SecretId}'. " +
                    "Check the secret exists and the function's role may call secretsmanager:GetSecretValue on it.");
            }

            var envelope = await response.Content.ReadFromJsonAsync(SecretsJsonContext.Default.SecretValueEnvelope, ct).ConfigureAwait(false);
            if (envelope?.SecretString is not { Length: > 0 } secretString)
            {
                throw new SecretsUnavailableException($"Secret '{options.SecretId}' has no SecretString value. Set it with `aws secretsmanager put-secret-value`.");
            }

            Dictionary<string, string>? values;
            try
            {
                values = JsonSerializer.Deserialize(secretString, SecretsJsonContext.Default.DictionaryStringString);
            }
            catch (JsonException)
            {
                // The exception text could quote the secret; say only where the problem is.
                throw new SecretsUnavailableException($"Secret '{options.SecretId}' is not a JSON object of string values.");
            }

            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (secretKey, configKey) in SecretsExtensionOptions.KeyMap)
            {
                if (values is null || !values.TryGetValue(secretKey, out var value) || string.IsNullOrWhiteSpace(value))
                {
                    throw new SecretsUnavailableException(
                        $"Secret '{options.SecretId}' has no value for key '{secretKey}'. Set it with `aws secretsmanager put-secret-value`.");
                }

                data[configKey] = value;
            }

            return data;
        }
    }
}

public sealed class SecretsUnavailableException : Exception
{
    public SecretsUnavailableException() { }

    public SecretsUnavailableException(string message) : base(message) { }

    public SecretsUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
