using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>One captured log line: its category, level, message, structured values and the values of its scopes.</summary>
public sealed record CapturedLine(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Scope, string Text);

/// <summary>
/// Keeps every log line (message, structured values, scopes, exception) so a test can search them. Scopes are the
/// logger factory's ambient ones (<see cref="ISupportExternalScope"/>), as a console or Application Insights logger sees them.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLine> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    /// <summary>Every line as text: category, level, message, values, scopes, exception.</summary>
    public IReadOnlyCollection<string> Lines => this.entries.Select(e => e.Text).ToList();

    public IReadOnlyCollection<CapturedLine> Entries => this.entries;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => this.scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
            var scopeText = new List<string>();
            owner.scopes.ForEachScope(
                (s, _) =>
                {
                    scopeText.Add(s?.ToString() ?? string.Empty);
                    if (s is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, value) in pairs)
                        {
                            scope[key] = value;
                        }
                    }
                },
                (object?)null);
            string message = formatter(state, exception);
            string values = state is IEnumerable<KeyValuePair<string, object?>> p ? string.Join(" ", p.Select(x => $"{x.Key}={x.Value}")) : string.Empty;
            string text = $"{category} {logLevel} {message} {values} [{string.Join(" => ", scopeText)}] {exception}";
            owner.entries.Enqueue(new CapturedLine(category, logLevel, message, scope, text));
        }
    }
}
