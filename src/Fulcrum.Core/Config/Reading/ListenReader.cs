using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary><c>listen: [http://127.0.0.1:8080]</c> — where the proxy accepts traffic.</summary>
internal static class ListenReader
{
    public static readonly IReadOnlyList<string> Default = ["http://127.0.0.1:8080"];

    public static IReadOnlyList<string> Read(ReadContext ctx, ConfigNode? node)
    {
        if (node is null)
        {
            return Default;
        }
        var items = ctx.List(node, "listen", "listen URLs, e.g. [http://127.0.0.1:8080]");
        if (node is ListNode && items.Count == 0)
        {
            ctx.Error(node, "listen", "the list is empty; give at least one URL, e.g. [http://127.0.0.1:8080], or omit 'listen' for that default");
        }
        var urls = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            if (Values.Url(ctx, items[i], $"listen[{i}]", UrlUse.Listen) is not null)
            {
                urls.Add(((ScalarNode)items[i]).Value);
            }
        }
        return urls;
    }
}
