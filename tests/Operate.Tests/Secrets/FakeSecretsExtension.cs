using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pipeline.Operate.Tests.Secrets;

/// <summary>
/// Imitates the AWS Parameters and Secrets Lambda Extension on a free 127.0.0.1 port:
/// GET /secretsmanager/get?secretId=... with the X-Aws-Parameters-Secrets-Token header, answering the Secrets Manager envelope.
/// </summary>
internal sealed class FakeSecretsExtension : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _secrets = new(StringComparer.Ordinal);

    private FakeSecretsExtension(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every request as (secretId, token header or null), in order.</summary>
    public ConcurrentQueue<(string? SecretId, string? Token)> Requests { get; } = new();

    public static async Task<FakeSecretsExtension> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSecretsExtension(app);
        app.MapGet("/secretsmanager/get", (HttpContext context) =>
        {
            var id = context.Request.Query["secretId"].ToString();
            var token = context.Request.Headers["X-Aws-Parameters-Secrets-Token"].ToString();
            fake.Requests.Enqueue((id, token.Length == 0 ? null : token));
            if (token.Length == 0)
            {
                return Results.Text("missing token", statusCode: 400);
            }

            return fake._secrets.TryGetValue(id, out var secretString)
                ? Results.Text(Envelope(id, secretString), "application/json")
                : Results.Text("ResourceNotFoundException", statusCode: 400);
        });
        await app.StartAsync();
        fake.Endpoint = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Sets the secret's SecretString to a JSON object of the given keys.</summary>
    public void Put(string secretId, IReadOnlyDictionary<string, string> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (k, v) in values)
            {
                writer.WriteString(k, v);
            }

            writer.WriteEndObject();
        }

        _secrets[secretId] = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Envelope(string id, string secretString)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("ARN", $"arn:aws:secretsmanager:eu-west-2:000000000000:secret:{id}");
            writer.WriteString("Name", id);
            writer.WriteString("SecretString", secretString);
            writer.WriteString("VersionId", Guid.NewGuid().ToString());
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
