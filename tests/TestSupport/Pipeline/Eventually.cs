namespace Pipeline.TestSupport.Pipeline;

/// <summary>Polls a condition until it holds or time runs out; the failure names what was awaited and the last value seen.</summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what, TimeSpan? every = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var value = await read().ConfigureAwait(false);
            if (done(value))
            {
                return value;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s for {what}; last seen: {value}.");
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(200)).ConfigureAwait(false);
        }
    }
}
