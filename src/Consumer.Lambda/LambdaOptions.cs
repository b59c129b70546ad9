using Microsoft.Extensions.Options;

namespace Pipeline.Consumer.Lambda;

/// <summary>Lambda-only settings (section "Consumer").</summary>
public sealed class LambdaOptions
{
    /// <summary>Lambda's own limit on a function's timeout.</summary>
    public static readonly TimeSpan MaxInvocationBudget = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long one invocation may work on its batch (<c>Consumer__InvocationBudget</c>). Past it the handler is
    /// cancelled and every message it has not settled is reported in batchItemFailures, so Lambda's own timeout never
    /// cuts an invocation off with nothing reported (which would fail the whole batch, settled messages included).
    /// Set it to the function's timeout minus a margin for pushing the failed messages back and answering (up to 5 s):
    /// the default fits the 60 s timeout Terraform deploys by default.
    /// </summary>
    public TimeSpan InvocationBudget { get; set; } = TimeSpan.FromSeconds(50);
}

/// <summary>Refuses to start with a budget Lambda could never give (a data annotation's TimeSpan range needs reflection).</summary>
public sealed class LambdaOptionsValidator : IValidateOptions<LambdaOptions>
{
    public ValidateOptionsResult Validate(string? name, LambdaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.InvocationBudget > TimeSpan.Zero && options.InvocationBudget <= LambdaOptions.MaxInvocationBudget
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Consumer__InvocationBudget is {options.InvocationBudget}; it must be more than 0 and at most 00:15:00 (Lambda's longest timeout), "
                + "and should be the function's timeout minus about 10 s.");
    }
}
