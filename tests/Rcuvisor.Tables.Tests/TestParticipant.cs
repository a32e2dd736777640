using Rcuvisor.Tables;

namespace Rcuvisor.Tables.Tests;

/// <summary>A participant whose thread the test drives: requests are counted, the thread polls its view.</summary>
public sealed class TestParticipant(int id) : ITableParticipant
{
    private int _requests;
    private volatile bool _inExtendedQuiescentState;

    public int Id { get; } = id;

    public int Requests => Volatile.Read(ref _requests);

    public void RequestUpdate() => Interlocked.Increment(ref _requests);

    /// <summary>Set by a test to stand for a vCPU in guest mode: the writer need not wait for it.</summary>
    public bool InExtendedQuiescentState
    {
        get => _inExtendedQuiescentState;
        set => _inExtendedQuiescentState = value;
    }

    bool ITableParticipant.IsInExtendedQuiescentState => _inExtendedQuiescentState;
}
