namespace Rcuvisor.Bench;

/// <summary>
/// One fresh VM's slow-path figures: milliseconds of the whole CreateVcpu, of its table Add
/// if it grew (else null), and of the whole DestroyVcpu; and, over both calls, the table's
/// update rounds and those that waited for a vCPU inside a doorbell lookup (the one wait a
/// busy host turns into a scheduler turn: docs/tables.md, "Extended quiescent state"); and
/// the garbage collections that ran during each call, the other wait a busy host stretches
/// (a collection suspends every managed thread, and a preempted one reaches its safe point
/// only when the scheduler runs it); and the calling thread's context switches during each
/// call (it blocked, or it was preempted). Since issue 12's deferral the rounds are counted
/// when they end, on the grace-period worker, after the call.
/// </summary>
internal readonly record struct SlowPathSample(
    double Create, double? Growth, double Destroy, long Rounds, long RoundsThatWaited, double RoundWaitMs,
    int CreateCollections, int DestroyCollections, ThreadSwitches CreateSwitches, ThreadSwitches DestroySwitches);
