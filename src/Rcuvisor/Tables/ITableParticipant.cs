namespace Rcuvisor.Tables;

/// <summary>
/// A thread that reads the table through its own <see cref="OwnView{T}"/>: a vCPU thread.
/// The table asks it to process pending table updates; it answers on its own thread by
/// calling <see cref="OwnView{T}.ProcessPendingUpdate"/> (KVM: a request bit plus a kick).
/// </summary>
public interface ITableParticipant
{
    /// <summary>The participant's id, for messages (usually its vCPU id).</summary>
    int Id { get; }

    /// <summary>
    /// Asks the participant to call <see cref="OwnView{T}.ProcessPendingUpdate"/> soon on
    /// its own thread: kick it out of guest mode or wake it. Called with the table's writer
    /// lock held, so it must not block or call back into the table.
    /// </summary>
    void RequestUpdate();

    /// <summary>
    /// True while the participant is in an extended quiescent state: running code that
    /// never reads its view (a vCPU in guest mode), and bound to call
    /// <see cref="OwnView{T}.ProcessPendingUpdate"/> before it reads the view again. The
    /// writer counts such a participant as done without waiting for it. It reads this only
    /// after a process-wide barrier that follows its request, so the participant's side
    /// needs no fence, only program order (docs/tables.md, "Extended quiescent state").
    /// </summary>
    bool IsInExtendedQuiescentState => false;
}
