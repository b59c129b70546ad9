using Pipeline.Sandbox.Moodle;

await MoodleSandbox.Build(args).RunAsync().ConfigureAwait(false);
