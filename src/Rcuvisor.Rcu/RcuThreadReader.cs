using System.Runtime.CompilerServices;

namespace Rcuvisor.Rcu;

/// <summary>
/// One thread's reader in an <see cref="RcuDomain"/>, from <see cref="RcuDomain.ThreadReader"/>:
/// the thread's slot, found once, so each <see cref="Read"/> is the section alone (liburcu's
/// <c>rcu_read_lock</c> reaches its thread's reader through the CPU's TLS register; .NET's
/// thread-static lookup is a helper call that a loop holding a call does not hoist).
/// </summary>
/// <remarks>
/// A ref struct: it cannot be stored on the heap, captured, or carried across an
/// <c>await</c>, so only the thread whose slot it holds can use it, and only this thread
/// writes its slot, the rule the whole read side rests on.
/// </remarks>
public readonly ref struct RcuThreadReader
{
    private readonly RcuDomain? _domain;
    private readonly ReaderSlot? _slot;

    internal RcuThreadReader(RcuDomain domain, ReaderSlot slot)
    {
        _domain = domain;
        _slot = slot;
    }

    /// <summary>Enters a read section (or one more level of a nested one): <see cref="RcuDomain.Read"/> without the lookup.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RcuReadScope Read()
    {
        var domain = _domain;
        if (domain is null)
            RcuDomain.ThrowNoThreadReader();
        return domain.Enter(_slot!);
    }
}
