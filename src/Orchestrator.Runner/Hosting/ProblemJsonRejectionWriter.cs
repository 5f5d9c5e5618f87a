using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Orchestrator.Runner.Hosting;

/// <summary>
/// The output of one API connection. It passes everything through, except the one response Kestrel writes itself
/// after rejecting a request (an HTTP/1.1 head with <c>Content-Length: 0</c> and nothing else, after which Kestrel
/// closes the connection): that head gets a problem+json body saying what was wrong, like every other API error.
/// </summary>
internal sealed class ProblemJsonRejectionWriter(PipeWriter inner, RejectedRequest rejected) : PipeWriter
{
    private ArrayBufferWriter<byte>? captured;

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes + (this.captured?.WrittenCount ?? 0);

    public override Memory<byte> GetMemory(int sizeHint = 0) =>
        this.Capturing() ? this.captured!.GetMemory(sizeHint) : inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) =>
        this.Capturing() ? this.captured!.GetSpan(sizeHint) : inner.GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        if (this.captured is not null)
        {
            this.captured.Advance(bytes);
        }
        else
        {
            inner.Advance(bytes);
        }
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        this.Release();
        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        this.Release();
        inner.Complete(exception);
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        this.Release();
        return inner.CompleteAsync(exception);
    }

    /// <summary>
    /// The problem+json version of Kestrel's own rejection response, or null when <paramref name="response"/> is not
    /// exactly such a head (then it is passed on unchanged).
    /// </summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> response, Exception error, string? method)
    {
        string text = Encoding.Latin1.GetString(response);
        if (method == "HEAD" || !text.StartsWith("HTTP/1.", StringComparison.Ordinal) || !text.EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            return null;
        }

        string[] lines = text[..^4].Split("\r\n");
        string[] statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !int.TryParse(statusLine[1], out int status) || status is < 400 or > 499
            || !lines.Skip(1).Any(l => l.Equals("Content-Length: 0", StringComparison.OrdinalIgnoreCase))
            || lines.Skip(1).Any(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5",
            ["title"] = ReasonPhrases.GetReasonPhrase(status),
            ["status"] = status,
            ["detail"] = $"The HTTP server rejected the request before any API route saw it: {error.Message.TrimEnd('.')}. "
                + "A URL may not contain NUL (%00), and the request line and headers must be valid HTTP/1.1 within the server's limits; see the README's route table.",
        });
        var head = new StringBuilder(lines[0]).Append("\r\n");
        foreach (string line in lines.Skip(1).Where(l => !l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append(line).Append("\r\n");
        }

        head.Append("Content-Type: application/problem+json\r\n").Append("Content-Length: ").Append(body.Length).Append("\r\n\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body];
    }

    /// <summary>Once Kestrel rejected a request, what it writes next is its rejection response: hold it until flushed.</summary>
    private bool Capturing()
    {
        if (this.captured is null && rejected.Error is not null)
        {
            this.captured = new ArrayBufferWriter<byte>();
        }

        return this.captured is not null;
    }

    private void Release()
    {
        if (this.captured is not { } held)
        {
            return;
        }

        this.captured = null;
        var error = rejected.Error!;
        rejected.Error = null;
        inner.Write(Rewrite(held.WrittenSpan, error, rejected.Method) ?? held.WrittenSpan.ToArray());
    }
}
