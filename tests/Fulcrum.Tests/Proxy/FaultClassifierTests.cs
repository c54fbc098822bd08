using Fulcrum.Proxy;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Tests.Proxy;

/// <summary>The table of docs/whose-fault.md, row by row, plus the client-abort and 5xx rules on a real HttpContext.</summary>
public sealed class FaultClassifierTests
{
    [Theory]
    [InlineData(ForwarderError.Request, "Backend")]
    [InlineData(ForwarderError.RequestTimedOut, "Backend")]
    [InlineData(ForwarderError.RequestCanceled, "Client")]
    [InlineData(ForwarderError.RequestBodyCanceled, "Backend")]
    [InlineData(ForwarderError.RequestBodyClient, "Client")]
    [InlineData(ForwarderError.RequestBodyDestination, "Backend")]
    [InlineData(ForwarderError.ResponseHeaders, "Backend")]
    [InlineData(ForwarderError.ResponseBodyCanceled, "Backend")]
    [InlineData(ForwarderError.ResponseBodyClient, "Client")]
    [InlineData(ForwarderError.ResponseBodyDestination, "Backend")]
    [InlineData(ForwarderError.UpgradeRequestCanceled, "Client")]
    [InlineData(ForwarderError.UpgradeRequestClient, "Client")]
    [InlineData(ForwarderError.UpgradeRequestDestination, "Backend")]
    [InlineData(ForwarderError.UpgradeResponseCanceled, "Client")]
    [InlineData(ForwarderError.UpgradeResponseClient, "Client")]
    [InlineData(ForwarderError.UpgradeResponseDestination, "Backend")]
    [InlineData(ForwarderError.UpgradeActivityTimeout, "Proxy")]
    [InlineData(ForwarderError.NoAvailableDestinations, "Proxy")]
    [InlineData(ForwarderError.RequestCreation, "Proxy")]
    public void Each_forwarder_error_has_an_owner(ForwarderError error, string expected) =>
        Assert.Equal(expected, FaultClassifier.Classify(error, exception: null).ToString());

    [Fact]
    public void Every_forwarder_error_value_is_in_the_table()
    {
        var documented = File.ReadAllText(Deploy.RepositoryRoot.Combine("docs", "whose-fault.md"));
        foreach (var name in Enum.GetNames<ForwarderError>().Where(n => n != nameof(ForwarderError.None)))
        {
            Assert.Contains($"`{name}`", documented, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_body_over_the_proxys_limit_is_the_proxys_even_wrapped_and_after_an_abort()
    {
        var limit = new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        var wrapped = new AggregateException(limit, new HttpRequestException("copy failed", new IOException("read", limit)));
        Assert.Equal(Fault.Proxy, FaultClassifier.Classify(ForwarderError.RequestBodyClient, wrapped));

        var context = Context(ForwarderError.RequestBodyClient, wrapped, aborted: true);
        Assert.Equal(Fault.Proxy, FaultClassifier.Classify(context));
    }

    [Fact]
    public void Any_error_after_the_client_aborted_is_the_clients()
    {
        Assert.Equal(Fault.Client, FaultClassifier.Classify(Context(ForwarderError.ResponseBodyCanceled, null, aborted: true)));
        Assert.Equal(Fault.Client, FaultClassifier.Classify(Context(ForwarderError.Request, null, aborted: true)));
        Assert.Equal(Fault.Backend, FaultClassifier.Classify(Context(ForwarderError.Request, null, aborted: false)));
    }

    [Theory]
    [InlineData(ForwarderError.ResponseBodyDestination)]
    [InlineData(ForwarderError.RequestBodyDestination)]
    [InlineData(ForwarderError.UpgradeResponseDestination)]
    public void A_destination_failure_stays_the_backends_after_the_proxy_aborted_the_client(ForwarderError error)
    {
        // YARP aborts the client's connection itself after a response cut off mid-way: RequestAborted is then set.
        Assert.Equal(Fault.Backend, FaultClassifier.Classify(Context(error, new IOException("The response ended prematurely."), aborted: true)));
    }

    [Theory]
    [InlineData(true, "Proxy")]
    [InlineData(false, "Client")]
    public async Task How_the_upload_failed_decides_whatever_copy_YARP_saw_fail(bool overLimit, string expected)
    {
        Exception failure = overLimit
            ? new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge)
            : new IOException("Connection reset by peer");
        var context = Context(ForwarderError.ResponseBodyDestination, new IOException("The response ended prematurely."), aborted: true);
        context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>(new BodyDetection(true));
        context.Request.Body = new FailingStream(failure);
        RequestBodyWatch.Install(context);

        await Assert.ThrowsAnyAsync<Exception>(() => context.Request.Body.ReadAsync(new byte[16]).AsTask());

        Assert.Equal(expected, FaultClassifier.Classify(context).ToString());
    }

    [Fact]
    public async Task A_cancelled_read_of_the_upload_decides_nothing()
    {
        var context = Context(ForwarderError.ResponseBodyDestination, null, aborted: false);
        context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>(new BodyDetection(true));
        context.Request.Body = new FailingStream(new OperationCanceledException());
        RequestBodyWatch.Install(context);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => context.Request.Body.ReadAsync(new byte[16]).AsTask());

        Assert.Null(RequestBodyWatch.FailureOf(context));
        Assert.Equal(Fault.Backend, FaultClassifier.Classify(context));
    }

    [Theory]
    [InlineData(200, "None")]
    [InlineData(101, "None")]
    [InlineData(404, "None")]
    [InlineData(500, "Backend")]
    [InlineData(503, "Backend")]
    public void Without_a_forwarder_error_only_a_5xx_is_a_fault(int status, string expected)
    {
        var context = new DefaultHttpContext();
        context.Response.StatusCode = status;
        Assert.Equal(expected, FaultClassifier.Classify(context).ToString());
    }

    private static DefaultHttpContext Context(ForwarderError error, Exception? exception, bool aborted)
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IForwarderErrorFeature>(new ErrorFeature(error, exception));
        if (aborted)
        {
            context.RequestAborted = new CancellationToken(canceled: true);
        }
        return context;
    }

    private sealed record ErrorFeature(ForwarderError Error, Exception? Exception) : IForwarderErrorFeature;

    private sealed record BodyDetection(bool CanHaveBody) : Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature;

    /// <summary>A client body whose every read fails as Kestrel's would.</summary>
    private sealed class FailingStream(Exception failure) : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(failure);
    }
}
