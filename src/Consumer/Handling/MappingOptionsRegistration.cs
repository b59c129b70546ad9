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
        return services.AddCalendarOptions(config);
    }

    /// <summary>Binds Sync:TimeZone (producer and consumers must agree on the day) and refuses to start on an unknown zone.</summary>
    public static IServiceCollection AddCalendarOptions(this IServiceCollection services, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        services.AddOptions<CalendarOptions>().Bind(config.GetSection(CalendarOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CalendarOptions>, CalendarOptionsValidator>());
        return services;
    }

    private sealed class CalendarOptionsValidator : IValidateOptions<CalendarOptions>
    {
        public ValidateOptionsResult Validate(string? name, CalendarOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
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
