using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace GrantAdmin.Tests.Support;

/// <summary>
/// Everything the app logs, as it would reach a production log sink (the app's own level filters apply): the
/// formatted message, every structured value and any exception. Keeps the most recent lines only. Once
/// <see cref="FormatAsJson"/> has the app's own JSON console formatter, each entry is also kept as the JSON line the
/// console writes in production, scopes (TraceId, UserId) included.
/// </summary>
public sealed class CapturedLog
{
    private const int Keep = 50_000;
    private readonly ConcurrentQueue<string> lines = new();
    private readonly ConcurrentQueue<string> jsonLines = new();
    private ConsoleFormatter? json;

    public IReadOnlyList<string> Lines => lines.ToArray();

    public IReadOnlyList<string> JsonLines => jsonLines.ToArray();

    public void FormatAsJson(ConsoleFormatter formatter) => json = formatter;

    public void Clear()
    {
        lines.Clear();
        jsonLines.Clear();
    }

    /// <summary>
    /// A provider for one host. Each host's logger factory hands its provider the factory's own scope store; a second host
    /// of the same test app (WithWebHostBuilder runs the app's ConfigureWebHost again) must not replace the first host's,
    /// or the first host's lines are written with the scopes of a host that has no request in flight: no RequestId, no
    /// UserId (TraceId and SpanId survive, as the factory reads those from Activity.Current, not from pushed scopes). That
    /// was the UserId missing from the refusal line in whole-suite runs only: SettingsTests, TwoServersTests and others
    /// start such a host on the shared app before LogScanTests runs.
    /// </summary>
    public ILoggerProvider NewProvider() => new Provider(this);

    private sealed class Provider(CapturedLog log) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new Logger(log, this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public IExternalScopeProvider Scopes => scopes;

        public void Dispose() { }
    }

    private static void Add(ConcurrentQueue<string> queue, string line)
    {
        queue.Enqueue(line);
        while (queue.Count > Keep) queue.TryDequeue(out _);
    }

    private sealed class Logger(CapturedLog log, Provider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider.Scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            Add(log.lines, $"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
            if (log.json is not { } json) return;
            using var writer = new StringWriter();
            json.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider.Scopes, writer);
            Add(log.jsonLines, writer.ToString().TrimEnd());
        }
    }
}
