using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipeline.Domain;

namespace Pipeline.Consumer.Handling;

public static class MappingOptionsRegistration
{
    /// <summary>Binds the "Mapping" section and refuses to start on a mapping Moodle would reject.</summary>
    public static IServiceCollection AddMappingOptions(this IServiceCollection services, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        services.AddOptions<MappingOptions>().Bind(config.GetSection(MappingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MappingOptions>, MappingOptionsValidator>());
        return services;
    }

    // Domain stays free of Microsoft.Extensions.Options; its own Validate() holds the rules.
    private sealed class MappingOptionsValidator : IValidateOptions<MappingOptions>
    {
        public ValidateOptionsResult Validate(string? name, MappingOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
