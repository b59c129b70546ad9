using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Producer;

namespace Pipeline.Operate.Tests.Cli;

public sealed class ProducerHostTests
{
    [Fact]
    public void The_cli_reads_its_appsettings_files_once_and_sets_no_watcher_on_the_working_directory()
    {
        using var host = ProducerHost.Build(Needs.State);

        var root = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        var files = root.Providers.OfType<FileConfigurationProvider>().ToList();
        Assert.NotEmpty(files); // appsettings.json and appsettings.{Environment}.json are still read
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, $"{f.Source.Path} is watched for changes"));
    }
}
