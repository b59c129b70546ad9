using Pipeline.Producer.Cli;

// Socket completions run on the I/O thread instead of hopping to the thread pool. The producer is a burst of
// SendMessageBatch calls on a shared, small machine: the hops cost about 7% of a 100,000-change sync's CPU
// (docs/performance.md, "Producer"). Read once, when the first socket opens, so it must be set before anything runs;
// an operator's own value wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

return await PipelineCli.InvokeAsync(args).ConfigureAwait(false);
