using Rcuvisor.Tables;

namespace Rcuvisor.Bench;

/// <summary>The measuring thread as a table participant. Nothing grows during a run, so no update is ever requested.</summary>
internal sealed class BenchParticipant : ITableParticipant
{
    public int Id => 0;

    public void RequestUpdate()
    {
    }
}
