using System.Net;

namespace Fulcrum.Receivers;

/// <summary>One POST with a deadline, its outcome turned into success or an <see cref="AlertDeliveryException"/>.</summary>
internal static class HttpJsonPoster
{
    private const int MaxErrorBodyChars = 200;

    public static async Task PostAsync(
        HttpClient http,
        Uri url,
        HttpContent content,
        TimeSpan timeout,
        TimeProvider time,
        string receiverName,
        CancellationToken ct,
        string? idempotencyKey = null)
    {
        // The deadline runs on the injected clock so tests can drive it; the caller's token still cancels at once.
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.UserAgent.ParseAdd("fulcrum");
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }
        try
        {
            using var response = await http.SendAsync(request, linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            if (body.Length > MaxErrorBodyChars)
            {
                body = body[..MaxErrorBodyChars] + "…";
            }
            throw new AlertDeliveryException(
                $"receiver {receiverName}: {url} answered {status} {response.ReasonPhrase}{(body.Length > 0 ? ": " + body.Trim() : "")}",
                IsRetryable(response.StatusCode),
                status);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new AlertDeliveryException($"receiver {receiverName}: no answer from {url} within {timeout.TotalSeconds:0.###}s", true, null, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new AlertDeliveryException($"receiver {receiverName}: {url}: {ex.Message}", true, null, ex);
        }
    }

    /// <summary>Server trouble and throttling pass; any other 4xx says the request itself is wrong and will stay wrong.</summary>
    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
