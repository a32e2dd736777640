using Rcuvisor.Tables;

namespace Rcuvisor.Tables.Tests;

/// <summary>A table member whose construction a reader can verify: a half-built one fails <see cref="IsFullyBuilt"/>.</summary>
public sealed class TestVcpu : ITableMember
{
    private readonly long _stamp;
    private readonly int[] _payload;

    public TestVcpu(int id)
    {
        Id = id;
        _payload = [id, ~id];
        _stamp = Stamp(id);
    }

    public int Id { get; }

    public bool IsFullyBuilt => _stamp == Stamp(Id) && _payload is [var a, var b] && a == Id && b == ~Id;

    private static long Stamp(int id) => (id * 0x9E3779B97F4A7C1L) ^ 0x5A5A;
}
