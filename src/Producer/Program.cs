using Pipeline.Producer.Cli;

return await PipelineCli.InvokeAsync(args).ConfigureAwait(false);
