namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// Checks that span sections: every route's cluster and every escalation tier's receivers must be
/// defined. Runs after all sections are read, against the names written in the file (a cluster with
/// errors of its own still counts as defined, so one mistake is not reported twice).
/// </summary>
internal static class CrossReferenceValidator
{
    public static void Validate(ReadContext ctx)
    {
        foreach (var reference in ctx.References)
        {
            var defined = ctx.DefinedNames.TryGetValue(reference.DefinedIn, out var names) ? names : [];
            if (defined.Contains(reference.Name))
            {
                continue;
            }
            var hint = KeySuggestions.Closest(reference.Name, defined) is { } close ? $"did you mean '{close}'? " : "";
            var list = defined.Count == 0 ? $"(none: define them under {reference.DefinedIn})" : string.Join(", ", defined);
            ctx.Error(reference.At, reference.Path, $"{reference.Usage}, which is not defined; {hint}defined under {reference.DefinedIn}: {list}");
        }
    }
}
