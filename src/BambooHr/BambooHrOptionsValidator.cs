using Microsoft.Extensions.Options;

namespace Pipeline.BambooHr;

/// <summary>
/// Checks the data annotations of <see cref="BambooHrOptions"/> with code generated at compile time: the reflection-based
/// ValidateDataAnnotations cannot be used by the producer, which ships compiled ahead of time (native AOT).
/// </summary>
[OptionsValidator]
public sealed partial class BambooHrOptionsValidator : IValidateOptions<BambooHrOptions>;
