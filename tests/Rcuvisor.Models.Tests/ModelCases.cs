namespace Rcuvisor.Models.Tests;

/// <summary>One pan run: a model, its -D macros, safety or liveness, and what it must report.</summary>
public sealed record ModelCase(string Model, string[] Defines, bool Liveness, string? ExpectedProperty)
{
    public bool ExpectsError => ExpectedProperty is not null;

    // 2^22 slots hold the largest clean search here (3.6 M states) with short chains; a
    // mutant stops within a few thousand states.
    public int HashBits => ExpectsError ? 18 : 22;
}

/// <summary>
/// Every run the tests make. The model sizes are the defaults in the .pml files (cached_move:
/// 2 vCPUs, 1 growth round, 1 foreign read; requests: 2 requesters, 1 interrupt sender;
/// qsbr_wait: one writer, one reader),
/// except where a case says otherwise. docs/models.md explains each mutant.
/// </summary>
public static class ModelCases
{
    private const string CachedMove = "cached_move.pml";
    private const string Requests = "requests.pml";
    private const string QsbrWait = "qsbr_wait.pml";

    // What pan prints for each broken property: the text of the failed assertion, or the kind of error.
    public const string OwnViewReadRetired = "!(retired[cached[i]])";
    public const string ForeignReadRetired = "!(retired[s])";
    public const string CountNotFindable = "assertion violated (d<=(cached[i]+1))";
    public const string WriterWaitsForever = "invalid end state";
    public const string LivenessClaim = "acceptance cycle";
    public const string LostRequest = "!(((finished==";
    public const string LostWakeup = "!((pend||((pirq>0)&& !(injected))))";
    public const string TicketTwice = "!((covered&(1<<t)))";

    public static readonly IReadOnlyDictionary<string, ModelCase> All = new Dictionary<string, ModelCase>
    {
        // The protocol as the code has it: every property holds.
        ["cached_move: safety"] = new(CachedMove, [], false, null),
        // The fair liveness search of the full default model takes 2.1 M states and 14 s (docs/models.md);
        // the test checks it without the foreign reader, whose SRCU wait the 1-vCPU run below covers.
        ["cached_move: 2 vCPUs, no foreign reader: growth ends (LTL)"] = new(CachedMove, ["FREADS=0"], true, null),
        ["cached_move: 1 vCPU, 2 rounds, 2 foreign reads: safety"] = new(CachedMove, ["NV=1", "ROUNDS=2", "FREADS=2"], false, null),
        // Two foreign reads make this fair search 56 s (4.2 M states) since the Retirer; one, 17 s (docs/models.md).
        ["cached_move: 1 vCPU, 2 rounds, 1 foreign read: growth ends (LTL)"] = new(CachedMove, ["NV=1", "ROUNDS=2", "FREADS=1"], true, null),
        ["requests: safety"] = new(Requests, [], false, null),
        ["requests: every request and interrupt served (LTL)"] = new(Requests, [], true, null),
        ["requests: Reset between B1 and B2 is still safe"] = new(Requests, ["VARIANT_RESET_AFTER_ANNOUNCE"], false, null),

        // Mutants: each must be rejected, for the property it breaks. Every requests mutant also
        // fails the LTL claim (docs/models.md); two of those runs show the claim is not vacuous.
        ["cached_move mutant: count before moves"] = new(CachedMove, ["MUTANT_COUNT_BEFORE_MOVES"], false, CountNotFindable),
        ["cached_move mutant: request before publish"] = new(CachedMove, ["MUTANT_REQUEST_BEFORE_PUBLISH"], false, OwnViewReadRetired),
        ["cached_move mutant: no wait for a running view"] = new(CachedMove, ["MUTANT_NO_WAIT_RUNNING"], false, OwnViewReadRetired),
        ["cached_move mutant: exit handler reads before X2"] = new(CachedMove, ["MUTANT_EQS_READ_BEFORE_MOVE"], false, OwnViewReadRetired),
        ["cached_move mutant: no process-wide barrier"] = new(CachedMove, ["MUTANT_NO_MEMBARRIER"], false, OwnViewReadRetired),
        ["cached_move mutant: retire before SRCU synchronize"] = new(CachedMove, ["MUTANT_RETIRE_BEFORE_SYNC"], false, ForeignReadRetired),
        ["cached_move mutant: SRCU load before the lock's count"] = new(CachedMove, ["MUTANT_SRCU_LOAD_BEFORE_LOCK"], false, ForeignReadRetired),
        ["cached_move mutant: SRCU grace period without the process-wide barrier"] = new(CachedMove, ["MUTANT_SRCU_NO_MEMBARRIER"], false, ForeignReadRetired),
        ["cached_move mutant: waits for a parked view (safety)"] = new(CachedMove, ["MUTANT_WAIT_FOR_PARKED"], false, WriterWaitsForever),
        ["cached_move mutant: waits for a parked view (LTL)"] = new(CachedMove, ["MUTANT_WAIT_FOR_PARKED"], true, LivenessClaim),
        ["requests mutant: kick before the request (safety)"] = new(Requests, ["MUTANT_KICK_BEFORE_REQUEST"], false, LostWakeup),
        ["requests mutant: no T2 fence (safety)"] = new(Requests, ["MUTANT_NO_T2_FENCE"], false, LostRequest),
        ["requests mutant: no T2 fence (LTL)"] = new(Requests, ["MUTANT_NO_T2_FENCE"], true, LivenessClaim),
        ["requests mutant: no B1 fence (safety)"] = new(Requests, ["MUTANT_NO_B1_FENCE"], false, LostWakeup),
        ["requests mutant: no B1 fence (LTL)"] = new(Requests, ["MUTANT_NO_B1_FENCE"], true, LivenessClaim),
        ["requests mutant: waker looks before publishing (safety)"] = new(Requests, ["MUTANT_WAKE_BEFORE_PUBLISH"], false, LostWakeup),
        ["requests mutant: tickets read before the clear (safety)"] = new(Requests, ["MUTANT_TICKET_BEFORE_CLEAR"], false, LostRequest),
        ["requests mutant: Reset after B2 (safety)"] = new(Requests, ["MUTANT_RESET_AFTER_CHECK"], false, LostWakeup),
        ["requests mutant: ticket ranges overlap"] = new(Requests, ["MUTANT_TICKET_RANGE_OVERLAP"], false, TicketTwice),

        // QSBR's blocked grace period and the announcing reader's wake, with no backstop: the
        // writer never sleeps for good; each mutant leaves it asleep (docs/models.md).
        ["qsbr_wait: the blocked writer is always woken"] = new(QsbrWait, [], false, null),
        ["qsbr_wait mutant: no reader fence"] = new(QsbrWait, ["MUTANT_NO_READER_FENCE"], false, WriterWaitsForever),
        ["qsbr_wait mutant: no re-read after arming"] = new(QsbrWait, ["MUTANT_NO_RECHECK"], false, WriterWaitsForever),
        ["qsbr_wait mutant: wake without disarming"] = new(QsbrWait, ["MUTANT_WAKE_NO_DISARM"], false, WriterWaitsForever),

        // The model's finding, fixed: two interrupts queued before one entry. The vCPU injects
        // one per entry and no kick is pending for the other; it asks for an interrupt window
        // so the guest exits as soon as it can take the next (docs/models.md, "Findings").
        ["requests, two interrupts queued before one entry (safety)"] = new(Requests, ["NIRQ=2"], false, null),
        ["requests mutant: no interrupt window, two interrupts (safety)"] = new(Requests, ["NIRQ=2", "MUTANT_NO_INTERRUPT_WINDOW"], false, LostRequest),
    };
}
