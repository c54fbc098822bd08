using System.Text.Json;
using System.Text.Json.Serialization;
using Fulcrum.Operations;

namespace Fulcrum.Admin;

/// <summary>
/// Source-generated JSON for every admin API answer: camelCase, nulls written (ASP.NET's web defaults, the contract
/// docs/admin-api.md describes). Generated at build time, so the admin API needs no reflection (Native AOT,
/// trimming), and an embedding app's own <c>JsonOptions</c> cannot change Fulcrum's wire format.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IEnumerable<ClusterView>))]
[JsonSerializable(typeof(IEnumerable<AlertView>))]
[JsonSerializable(typeof(AlertView))]
[JsonSerializable(typeof(IEnumerable<EventView>))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(AlertConflictBody))]
[JsonSerializable(typeof(ServingConfigView))]
[JsonSerializable(typeof(ApplyResultView))]
internal sealed partial class AdminJson : JsonSerializerContext
{
    /// <summary><c>{"error": why}</c> with <paramref name="statusCode"/>: every refusal of the admin API.</summary>
    public static Microsoft.AspNetCore.Http.IResult Error(string why, int statusCode) =>
        Microsoft.AspNetCore.Http.Results.Json(new ErrorBody(why), Default.ErrorBody, statusCode: statusCode);
}
