namespace Fulcrum.Hosting;

/// <summary>
/// Coalesces configs offered through the admin API (<c>POST /api/config</c>) while they wait for the apply lane:
/// the latest offer wins. At most one offer waits; an offer that arrives while another waits either joins it (the
/// same bytes and the same <c>force</c>: both get the one apply's answer) or supersedes it (the waiting one is never
/// parsed or applied, and its caller is told so, with the outcome of the offer that took its place). An apply that
/// already started is never interrupted: a newer offer waits behind it. Each caller gets an honest answer, and
/// <see cref="Settled"/> lets the gate journal every joined or superseded offer after the apply it deferred to.
/// </summary>
internal sealed class ApiApplyCoalescer
{
    /// <summary>Offers that may wait on one pending apply (joined or superseded) before more are answered 429.</summary>
    public const int MaxWaiting = 64;

    private readonly Lock _lock = new();
    private readonly Func<Action, bool> _dispatch;
    private readonly Func<Offer, ApplyResult> _apply;
    private Pending? _pending;

    /// <param name="dispatch">Queues work on the apply lane; false when the lane is stopped.</param>
    /// <param name="apply">Parses, audits and applies one offer (on the lane); must not throw.</param>
    public ApiApplyCoalescer(Func<Action, bool> dispatch, Func<Offer, ApplyResult> apply)
    {
        _dispatch = dispatch;
        _apply = apply;
    }

    /// <summary>Offers waiting for the lane now (the pending one and those joined to or superseded by it).</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _pending?.Waiters.Count ?? 0;
            }
        }
    }

    /// <summary>Raised on the lane for each offer answered with another offer's apply: (offer, its answer, the apply's result).</summary>
    public event Action<Offer, ApplyResult, ApplyResult>? Settled;

    /// <summary>Queues <paramref name="offer"/>; the task completes with its own result, a shared one, or "superseded".</summary>
    public Task<ApplyResult> OfferAsync(Offer offer)
    {
        var waiter = new Waiter(offer);
        lock (_lock)
        {
            if (_pending is { } waiting)
            {
                if (waiting.Waiters.Count >= MaxWaiting)
                {
                    return Task.FromResult(ApplyResult.Refused(
                        $"config not applied: {MaxWaiting} posted configs are waiting already; retry in a second", [], []) with { Busy = true });
                }
                if (waiting.Leader.Offer.SameConfig(offer))
                {
                    // Joined: the leader's copy of the text is the one kept.
                    waiter.Offer = offer with { Yaml = waiting.Leader.Offer.Yaml };
                    waiting.Waiters.Add(waiter);
                    return waiter.Done.Task;
                }
                // The newer offer leads; everyone who waited on the older one is answered with the newer one's outcome,
                // and their texts (up to the body limit each) are let go now rather than after the apply.
                foreach (var older in waiting.Waiters)
                {
                    older.Superseded = true;
                    older.Offer = older.Offer with { Yaml = "" };
                }
                _pending = new Pending(waiter, [.. waiting.Waiters, waiter]);
                return waiter.Done.Task;
            }
            _pending = new Pending(waiter, [waiter]);
        }
        if (!_dispatch(RunPending))
        {
            Fail(Take(), new ObjectDisposedException(nameof(ApiApplyCoalescer), "the process is stopping"));
        }
        return waiter.Done.Task;
    }

    private Pending? Take()
    {
        lock (_lock)
        {
            var pending = _pending;
            _pending = null;
            return pending;
        }
    }

    private void RunPending()
    {
        if (Take() is not { } pending)
        {
            return;
        }
        ApplyResult result;
        try
        {
            result = _apply(pending.Leader.Offer);
        }
        catch (Exception e)
        {
            Fail(pending, e);
            return;
        }
        foreach (var waiter in pending.Waiters)
        {
            if (ReferenceEquals(waiter, pending.Leader))
            {
                waiter.Done.TrySetResult(result);
                continue;
            }
            var answer = waiter.Superseded ? Superseded(waiter.Offer, pending.Leader.Offer, result) : Joined(result);
            try
            {
                Settled?.Invoke(waiter.Offer, answer, result);
            }
            finally
            {
                waiter.Done.TrySetResult(answer);
            }
        }
    }

    private static void Fail(Pending? pending, Exception e)
    {
        foreach (var waiter in pending?.Waiters ?? [])
        {
            waiter.Done.TrySetException(e);
        }
    }

    /// <summary>The same bytes were applied (or refused) once for everyone who posted them.</summary>
    private static ApplyResult Joined(ApplyResult result) => result with
    {
        Message = $"{result.Message} (one apply shared by identical posted configs that waited together)",
    };

    private static ApplyResult Superseded(Offer offer, Offer winner, ApplyResult result)
    {
        var outcome = result.Applied
            ? $"that config was applied{(result.Forced ? " (forced)" : "")}"
            : $"that config was refused ({result.Message}); the config serving before both keeps serving";
        var by = winner.Actor is { } actor ? $" {actor.Describe()}" : "";
        return ApplyResult.Refused(
            $"config not applied: superseded by a later {offer.Source}{by} that arrived while this one waited for the apply lane " +
            $"(the latest posted config wins); {outcome}", [], []) with { Superseded = true };
    }

    /// <summary>A config offered to the gate, and by whom.</summary>
    public sealed record Offer(string Yaml, string Source, ConfigTrigger Trigger, bool Force, ConfigActor? Actor)
    {
        /// <summary>The same text and the same force flag: one apply answers both.</summary>
        public bool SameConfig(Offer other) => Force == other.Force && Trigger == other.Trigger && string.Equals(Yaml, other.Yaml, StringComparison.Ordinal);
    }

    private sealed class Waiter(Offer offer)
    {
        public Offer Offer { get; set; } = offer;

        /// <summary>A newer, different offer took this one's place (set under the lock, read on the lane after it).</summary>
        public bool Superseded { get; set; }

        public TaskCompletionSource<ApplyResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Pending(Waiter Leader, List<Waiter> Waiters);
}
