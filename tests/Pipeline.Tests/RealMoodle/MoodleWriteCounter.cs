using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace Pipeline.Pipeline.Tests.RealMoodle;

/// <summary>
/// A pass-through between the pipeline and the real Moodle that counts the web-service functions called and records the users
/// each create or update call carries. Moodle's web services do not say when an account was last written
/// (core_user_get_users leaves timemodified out), and "an idle run writes nothing" must be seen, not inferred.
/// Requests and answers go through unchanged.
/// </summary>
internal sealed partial class MoodleWriteCounter : IAsyncDisposable
{
    private static readonly string[] WriteFunctions = ["core_user_create_users", "core_user_update_users", "core_user_delete_users"];

    private readonly WebApplication _app;
    private readonly HttpClient _moodle;
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly List<string> _written = [];

    private MoodleWriteCounter(WebApplication app, HttpClient moodle)
    {
        _app = app;
        _moodle = moodle;
    }

    /// <summary>What the pipeline is pointed at instead of the site root (ends with '/').</summary>
    public Uri Url => new(_app.Urls.Single().TrimEnd('/') + "/");

    public static async Task<MoodleWriteCounter> StartAsync(Uri moodle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var counter = new MoodleWriteCounter(app, new HttpClient { BaseAddress = moodle, Timeout = TimeSpan.FromMinutes(2) });
        app.Run(counter.ForwardAsync);
        await app.StartAsync();
        return counter;
    }

    /// <summary>Calls and users written so far, per function; take one before and one after a run and compare.</summary>
    public Counts Snapshot()
    {
        lock (_written)
        {
            return new(
                new Dictionary<string, int>(_calls, StringComparer.Ordinal),
                [.. _written]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _moodle.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        Count(context.Request.ContentType, body);

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString);
        if (body.Length > 0 || context.Request.ContentType is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (context.Request.ContentType is { } type)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        using var response = await _moodle.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } contentType)
        {
            context.Response.ContentType = contentType.ToString();
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private void Count(string? contentType, byte[] body)
    {
        if (contentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
        {
            return;
        }

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        if (!form.TryGetValue("wsfunction", out var values) || values.ToString() is not { Length: > 0 } function)
        {
            return;
        }

        _calls.AddOrUpdate(function, 1, (_, n) => n + 1);
        if (WriteFunctions.Contains(function, StringComparer.Ordinal))
        {
            // Who: the Moodle id an update names, the username a create asks for.
            var key = function == "core_user_create_users" ? CreatedUsername() : UpdatedOrDeletedId();
            var who = form.Where(f => key.IsMatch(f.Key)).Select(f => $"{function}:{f.Value}");
            lock (_written)
            {
                _written.AddRange(who);
            }
        }
    }

    [GeneratedRegex(@"^users\[\d+\]\[username\]$")]
    private static partial Regex CreatedUsername();

    // An update names the account by users[N][id] (its username may change too); a delete by userids[N].
    [GeneratedRegex(@"^(users\[\d+\]\[id\]|userids\[\d+\])$")]
    private static partial Regex UpdatedOrDeletedId();

    /// <summary>Calls per web-service function, and the users the write calls carried.</summary>
    /// <param name="Written">"function:who" for every user a write call carried, in order: who is the Moodle id an update
    /// or delete names, the username a create asks for.</param>
    public sealed record Counts(IReadOnlyDictionary<string, int> Calls, IReadOnlyList<string> Written)
    {
        /// <summary>The Moodle ids updated since <paramref name="before"/> (each once).</summary>
        public IReadOnlySet<long> UpdatedSince(Counts before) => Written.Skip(before.Written.Count)
            .Where(w => w.StartsWith("core_user_update_users:", StringComparison.Ordinal))
            .Select(w => long.Parse(w[(w.IndexOf(':', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .ToHashSet();

        /// <summary>The usernames created since <paramref name="before"/> (each once).</summary>
        public IReadOnlySet<string> CreatedSince(Counts before) => Written.Skip(before.Written.Count)
            .Where(w => w.StartsWith("core_user_create_users:", StringComparison.Ordinal))
            .Select(w => w[(w.IndexOf(':', StringComparison.Ordinal) + 1)..])
            .ToHashSet(StringComparer.Ordinal);

        /// <summary>Write calls (create, update, delete) between <paramref name="before"/> and this.</summary>
        public int WriteCallsSince(Counts before) =>
            WriteFunctions.Sum(f => Calls.GetValueOrDefault(f) - before.Calls.GetValueOrDefault(f));

        public override string ToString() =>
            string.Join(", ", Calls.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));
    }
}
