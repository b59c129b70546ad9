using Pipeline.Sandbox.BambooHr;

await BambooHrSandbox.Build(args).RunAsync().ConfigureAwait(false);
