using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Pipeline.TestSupport.Pipeline;

/// <summary>One log entry a pipeline host wrote, rendered as its message template would render it.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, Exception? Exception);

/// <summary>
/// Every log line the stack's in-process hosts write, so tests can check what an operator would read (and that no
/// secret or personal data appears in it).
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    /// <summary>Every rendered message and exception text, one per line, for "contains" / "does not contain" checks.</summary>
    public string AllText => string.Join(Environment.NewLine,
        _entries.Select(e => e.Exception is null ? e.Message : e.Message + " | " + e.Exception));

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), exception));
        }
    }
}
