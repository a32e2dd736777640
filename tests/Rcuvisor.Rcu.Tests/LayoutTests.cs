using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rcuvisor.Rcu.Tests;

/// <summary>The padding that keeps readers off each other's cache lines, pinned.</summary>
public sealed class LayoutTests
{
    [Fact]
    public void A_reader_counter_has_two_cache_lines_to_itself()
    {
        Assert.Equal(256, Unsafe.SizeOf<PaddedCounter>());
        Assert.Equal(128, (int)Marshal.OffsetOf<PaddedCounter>(nameof(PaddedCounter.Value)));
    }

    [Fact]
    public void Srcu_stripes_are_two_cache_lines_apart()
    {
        Assert.Equal(256, Unsafe.SizeOf<SrcuStripe>());
        var stripe = new SrcuStripe();
        stripe.Locks(1) = 7;
        stripe.Unlocks(1) = 9;
        Assert.Equal(0, stripe.Locks(0));
        Assert.Equal(0, stripe.Unlocks(0));
        Assert.Equal(7, stripe.Locks(1));
        Assert.Equal(9, stripe.Unlocks(1));
    }
}
