using Pipeline.Sandbox.Moodle.Admin;

namespace Pipeline.Sandbox.Moodle;

/// <summary>A local stand-in for Moodle 4.5's REST web services, built to behave like the recorded real site.</summary>
public static class MoodleSandbox
{
    /// <summary>
    /// Builds the app. Use <c>Urls = "http://127.0.0.1:0"</c> for a free port and read <c>app.Urls</c> after StartAsync.
    /// Configuration (<c>MoodleSandbox:AdminToken</c> etc., or environment <c>MoodleSandbox__AdminToken</c>) is read first,
    /// then <paramref name="configure"/> runs.
    /// </summary>
    public static WebApplication Build(string[] args, Action<MoodleSandboxOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        var options = new MoodleSandboxOptions();
        var config = builder.Configuration.GetSection("MoodleSandbox");
        options.Urls = builder.Configuration["urls"] ?? config["Urls"] ?? options.Urls;
        options.AdminToken = config["AdminToken"] ?? options.AdminToken;
        options.NoCapabilityToken = config["NoCapabilityToken"] ?? options.NoCapabilityToken;
        options.LimitedToken = config["LimitedToken"] ?? options.LimitedToken;
        options.SiteName = config["SiteName"] ?? options.SiteName;
        options.SiteUrl = config["SiteUrl"] ?? options.SiteUrl;
        options.Debug = bool.TryParse(config["Debug"], out var debug) ? debug : options.Debug;
        options.Faults.Profile = config["Profile"] ?? options.Faults.Profile;
        configure?.Invoke(options);

        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        var app = builder.Build();
        var state = new SandboxState(options);
        var endpoint = new WebServiceEndpoint(state);
        app.MapMethods(WebServiceEndpoint.Path, [HttpMethods.Get, HttpMethods.Post], endpoint.HandleAsync);
        AdminEndpoints.Map(app, state);
        return app;
    }
}
