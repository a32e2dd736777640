using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Rcuvisor.Rcu.Interop;

namespace Rcuvisor.Rcu.Tests;

/// <summary>
/// The word a blocked grace period sleeps on. Every wait here has a bound of its own far
/// beyond any scheduling delay (a sleep of a minute, a join of 30 s): what is asserted is
/// that the sleeper came back and who woke it, never how fast.
/// </summary>
public sealed class GracePeriodFutexTests
{
    private static readonly TimeSpan Forever = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan JoinBound = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_timespec_is_two_64_bit_fields()
    {
        Assert.Equal(16, Unsafe.SizeOf<Futex.Timespec>());
        Assert.Equal(0, (int)Marshal.OffsetOf<Futex.Timespec>(nameof(Futex.Timespec.Seconds)));
        Assert.Equal(8, (int)Marshal.OffsetOf<Futex.Timespec>(nameof(Futex.Timespec.Nanoseconds)));
    }

    [Fact]
    public void Futex_is_available_on_this_linux_machine()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "futex(2) is Linux's; elsewhere the word falls back to plain sleeps");
        Assert.True(Futex.IsAvailable, $"no futex syscall number for {RuntimeInformation.ProcessArchitecture}");
    }

    [Fact]
    public void A_sleeper_on_an_armed_word_is_woken_by_a_reader_and_the_word_disarmed()
    {
        var futex = new GracePeriodFutex();
        futex.Arm();
        using var sleeping = new ManualResetEventSlim();
        var sleeper = new Thread(() =>
        {
            sleeping.Set();
            futex.Sleep(Forever);
        });
        sleeper.Start();
        sleeping.Wait(TestContext.Current.CancellationToken);
        Thread.Sleep(10); // most likely inside the futex by now; if not, its wait finds the word disarmed and returns
        futex.WakeIfArmed();
        Assert.True(sleeper.Join(JoinBound), "the sleeper was not woken");
        Assert.False(futex.IsArmed);
        Assert.Equal(1, futex.Wakes);
    }

    [Fact]
    public void A_sleep_on_a_word_nobody_armed_returns_at_once()
    {
        var futex = new GracePeriodFutex();
        var sleeper = new Thread(() => futex.Sleep(Forever)); // the kernel sees the word is not armed: EAGAIN
        sleeper.Start();
        Assert.True(sleeper.Join(JoinBound), "a sleep on a disarmed word did not return");
    }

    [Fact]
    public void A_sleep_nobody_wakes_ends_at_its_backstop_and_stays_armed()
    {
        var futex = new GracePeriodFutex();
        futex.Arm();
        futex.Sleep(TimeSpan.FromMilliseconds(5));
        Assert.True(futex.IsArmed);
        Assert.Equal(0, futex.Wakes);
        futex.Disarm();
        Assert.False(futex.IsArmed);
    }

    [Fact]
    public void Of_many_readers_that_see_the_word_armed_exactly_one_wakes()
    {
        var futex = new GracePeriodFutex();
        futex.Arm();
        using var start = new Barrier(8);
        var wakers = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            futex.WakeIfArmed();
        })).ToList();
        wakers.ForEach(t => t.Start());
        wakers.ForEach(t => t.Join());
        Assert.Equal(1, futex.Wakes);
        Assert.False(futex.IsArmed);
    }

    [Fact]
    public void A_reader_that_finds_the_word_disarmed_wakes_nobody()
    {
        var futex = new GracePeriodFutex();
        futex.WakeIfArmed();
        futex.Arm();
        futex.Disarm();
        futex.WakeIfArmed();
        Assert.Equal(0, futex.Wakes);
    }
}
