using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GrantAdmin.Tests.Support;

/// <summary>
/// Everything the app logs, as it would reach a production log sink (the app's own level filters apply): the
/// formatted message, every structured value and any exception. Keeps the most recent lines only.
/// </summary>
public sealed class CapturedLog : ILoggerProvider
{
    private const int Keep = 50_000;
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => lines.ToArray();

    public void Clear() => lines.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private void Add(string line)
    {
        lines.Enqueue(line);
        while (lines.Count > Keep) lines.TryDequeue(out _);
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            log.Add($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
