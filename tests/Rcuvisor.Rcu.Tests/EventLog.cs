namespace Rcuvisor.Rcu.Tests;

/// <summary>Records events from several threads in one total order, to assert "A happened before B".</summary>
internal sealed class EventLog
{
    private readonly List<string> _events = [];

    public void Add(string name)
    {
        lock (_events)
            _events.Add(name);
    }

    public int IndexOf(string name)
    {
        lock (_events)
            return _events.IndexOf(name);
    }

    public void AssertOrder(string first, string second)
    {
        int a = IndexOf(first), b = IndexOf(second);
        Assert.True(a >= 0, $"'{first}' never happened");
        Assert.True(b >= 0, $"'{second}' never happened");
        Assert.True(a < b, $"expected '{first}' before '{second}', saw: {string.Join(", ", Snapshot())}");
    }

    private string[] Snapshot()
    {
        lock (_events)
            return [.. _events];
    }
}
