using Fulcrum.Hosting;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Admin;

/// <summary>
/// Who is writing through the admin API: the admin token's name when it has one (<c>admin.token-name</c>, the only
/// identity the API can vouch for), else the user the caller claims (<c>?by=</c> or <c>X-Fulcrum-User</c>; the CLI
/// sends the OS user) with the remote address; and the reason given (<c>?reason=</c> or <c>X-Fulcrum-Reason</c>).
/// </summary>
internal static class AdminActor
{
    public const string UserHeader = "X-Fulcrum-User";
    public const string ReasonHeader = "X-Fulcrum-Reason";

    public static ConfigActor From(HttpContext context, AdminAuth auth, string? by, string? reason) =>
        ConfigActor.FromCaller(
            auth.TokenName,
            by ?? context.Request.Headers[UserHeader].FirstOrDefault(),
            context.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : null,
            reason ?? context.Request.Headers[ReasonHeader].FirstOrDefault());
}
