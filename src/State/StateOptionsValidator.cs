using Microsoft.Extensions.Options;

namespace Pipeline.State;

/// <summary>
/// Checks the data annotations of <see cref="StateOptions"/> with code generated at compile time: the reflection-based
/// ValidateDataAnnotations cannot be used by the producer, which ships compiled ahead of time (native AOT).
/// </summary>
[OptionsValidator]
public sealed partial class StateOptionsValidator : IValidateOptions<StateOptions>;
