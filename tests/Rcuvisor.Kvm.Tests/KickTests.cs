using Rcuvisor.Kvm.Interop;

namespace Rcuvisor.Kvm.Tests;

/// <summary>Kicks without KVM: the signal, its native handler, and Bind/Unbind against concurrent kickers.</summary>
public sealed unsafe class KickTests
{
    [Fact]
    public void The_signal_is_above_SIGRTMIN_and_its_handler_is_the_ret_page_without_SA_RESTART()
    {
        int signal = KickSignal.Number;
        Assert.InRange(signal, Libc.CurrentSigRtMin() + KickSignal.FirstOffsetAboveRtMin, Libc.CurrentSigRtMax());
        Libc.SigAction current;
        // SAFETY: a local SigAction of glibc's layout (pinned by the ABI test); a null action only reads.
        Assert.Equal(0, Libc.SigActionCall(signal, null, &current));
        Assert.Equal(KickSignal.HandlerAddress, current.Handler);
        Assert.Equal(0, current.Flags & (Libc.SaRestart | Libc.SaSigInfo));
        // SAFETY: the handler page is mapped R+X for the life of the process; we read its first byte.
        Assert.Equal(0xC3, *(byte*)current.Handler);
        TestContext.Current.SendDiagnosticMessage($"kick signal {signal} (SIGRTMIN {Libc.CurrentSigRtMin()}, SIGRTMAX {Libc.CurrentSigRtMax()})");
    }

    [Fact]
    public void A_kick_makes_a_bound_thread_blocked_in_read_return_EINTR()
    {
        using var run = KvmRunMapping.CreateAnonymous();
        var kicker = new VcpuKicker(run);
        (int readEnd, int writeEnd) = PosixTestCalls.CreatePipe();
        using var bound = new ManualResetEventSlim();
        (nint Result, int Errno) outcome = default;
        var thread = new Thread(() =>
        {
            kicker.Bind();
            bound.Set();
            outcome = PosixTestCalls.BlockingRead(readEnd); // nothing is ever written: only a signal ends it
            kicker.Unbind();
        });
        thread.Start();
        bound.Wait(TestContext.Current.CancellationToken);
        int kicks = 0;
        do
        {
            Assert.True(kicker.Kick(), "a bound thread is signalled");
            kicks++;
        }
        while (!thread.Join(20) && kicks < 500); // a kick that lands before read begins is absorbed; kick again
        Assert.True(thread.Join(TimeSpan.FromSeconds(10)), "the thread stayed blocked in read after 500 kicks");
        PosixTestCalls.Close(readEnd);
        PosixTestCalls.Close(writeEnd);
        Assert.Equal((-1, Errno.EINTR), ((int)outcome.Result, outcome.Errno));
        Assert.True(run.ImmediateExit, "every kick sets immediate_exit");
        TestContext.Current.SendDiagnosticMessage($"read returned EINTR after {kicks} kick(s)");
    }

    [Fact]
    public void A_kick_before_Bind_only_sets_immediate_exit()
    {
        using var run = KvmRunMapping.CreateAnonymous();
        var kicker = new VcpuKicker(run);
        Assert.False(kicker.IsBound);
        Assert.False(kicker.Kick());
        Assert.True(run.ImmediateExit);
        run.ClearImmediateExit();
        Assert.False(run.ImmediateExit);
    }

    [Fact]
    public void Bind_twice_and_Unbind_from_another_thread_are_refused()
    {
        using var run = KvmRunMapping.CreateAnonymous();
        var kicker = new VcpuKicker(run);
        kicker.Bind();
        Assert.Throws<InvalidOperationException>(kicker.Bind);
        var other = new Thread(() => Assert.Throws<InvalidOperationException>(kicker.Unbind));
        other.Start();
        other.Join();
        kicker.Unbind();
        Assert.False(kicker.IsBound);
    }

    [Fact]
    public void No_kicker_signals_a_thread_after_its_Unbind_returned()
    {
        // Each thread binds, is kicked and unbinds a few times, then exits (2,000 threads: a
        // thread start costs ~1 ms on this loaded 2-core machine). Signalling a
        // thread after it exited makes glibc's pthread_kill fail (ESRCH), which Kick throws,
        // or hits a stranger: the kicker runs all along and records any failure.
        const int rounds = 10_000;
        const int RoundsPerThread = 5;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var run = KvmRunMapping.CreateAnonymous();
        var kicker = new VcpuKicker(run);
        using var stop = new CancellationTokenSource();
        long signalled = 0, kicks = 0;
        Exception? failure = null;
        Thread[] kickers = [.. Enumerable.Range(0, 1).Select(_ => new Thread(() =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    if (kicker.Kick())
                    {
                        Interlocked.Increment(ref signalled);
                    }
                    Interlocked.Increment(ref kicks);
                    Thread.SpinWait(20); // one kicker flat out would starve the vCPU threads of this 2-core machine
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        }))];
        foreach (Thread k in kickers)
        {
            k.Start();
        }
        for (int i = 0; i < rounds / RoundsPerThread && failure is null; i++)
        {
            var vcpu = new Thread(() =>
            {
                for (int round = 0; round < RoundsPerThread; round++)
                {
                    kicker.Bind();
                    Thread.SpinWait(50);
                    kicker.Unbind();
                }
            });
            vcpu.Start();
            vcpu.Join();
        }
        stop.Cancel();
        foreach (Thread k in kickers)
        {
            k.Join();
        }
        Assert.Null(failure);
        Assert.True(signalled > 0, "the kickers did signal bound threads");
        TestContext.Current.SendDiagnosticMessage($"{rounds} bind/unbind rounds on {rounds / RoundsPerThread} threads, {kicks} kicks, {signalled} signals sent, none after an Unbind, in {clock.ElapsedMilliseconds} ms");
    }
}
