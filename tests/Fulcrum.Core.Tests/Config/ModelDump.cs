using System.Collections;
using System.Reflection;
using System.Text;

namespace Fulcrum.Core.Tests.Config;

/// <summary>
/// A loaded model as text, every public property down the records and lists (records compare lists by reference,
/// so <c>==</c> cannot tell two loads apart), leaving out the source map: two loads of configs that differ only in
/// position dump the same.
/// </summary>
internal static class ModelDump
{
    public static string Of(object model)
    {
        var text = new StringBuilder();
        Write(model, "", text, 0);
        return text.ToString();
    }

    private static void Write(object? value, string path, StringBuilder text, int depth)
    {
        Assert.True(depth < 16, $"model too deep at {path}");
        switch (value)
        {
            case null:
                text.Append(path).AppendLine(" = null");
                return;
            case string or Enum or TimeSpan or Uri or Version or System.Net.IPNetwork or bool or int or long or double:
                text.Append(path).Append(" = ").AppendLine(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                return;
            case IEnumerable items:
                var i = 0;
                foreach (var item in items)
                {
                    Write(item, $"{path}[{i++}]", text, depth + 1);
                }
                text.Append(path).Append(".count = ").Append(i).AppendLine();
                return;
        }
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.PropertyType == typeof(Core.Config.SourceMap))
            {
                continue;
            }
            Write(property.GetValue(value), $"{path}.{property.Name}", text, depth + 1);
        }
    }
}
