using Rcuvisor.Tables;

namespace Rcuvisor.Tests;

/// <summary>A participant whose thread the test drives: requests are counted, the thread polls its view.</summary>
public sealed class TestParticipant(int id) : ITableParticipant
{
    private int _requests;

    public int Id { get; } = id;

    public int Requests => Volatile.Read(ref _requests);

    public void RequestUpdate() => Interlocked.Increment(ref _requests);
}
