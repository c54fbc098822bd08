using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Admin;

/// <summary>
/// Makes every GET endpoint of the admin group answer HEAD too (RFC 9110 expects it; probes and <c>curl -I</c> use it).
/// Kestrel sends the headers and discards the body of a HEAD response, so the GET handler serves both.
/// </summary>
internal static class AdminHead
{
    public static void AlsoAnswerHead(EndpointBuilder endpoint)
    {
        // Runs after MapGet added its method metadata; the last HttpMethodMetadata is the one routing reads.
        if (endpoint.Metadata.OfType<HttpMethodMetadata>().LastOrDefault() is { } methods
            && methods.HttpMethods.Contains("GET", StringComparer.OrdinalIgnoreCase)
            && !methods.HttpMethods.Contains("HEAD", StringComparer.OrdinalIgnoreCase))
        {
            endpoint.Metadata.Add(new HttpMethodMetadata([.. methods.HttpMethods, "HEAD"], methods.AcceptCorsPreflight));
        }
    }
}
