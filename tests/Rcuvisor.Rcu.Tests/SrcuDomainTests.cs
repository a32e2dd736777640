namespace Rcuvisor.Rcu.Tests;

public sealed class SrcuDomainTests
{
    /// <summary>Runs its argument inside one SRCU read section.</summary>
    private static Action<Action> Section(SrcuDomain srcu) => body =>
    {
        var token = srcu.ReadLock();
        body();
        srcu.ReadUnlock(token);
    };

    [Fact]
    public void Synchronize_waits_for_a_lock_taken_before_it()
    {
        using var srcu = new SrcuDomain();
        Holdback.AssertWaitsForSection(
            Section(srcu),
            srcu.Synchronize);
    }

    [Fact]
    public void Synchronize_waits_for_a_one_thread_section_entered_before_it()
    {
        using var srcu = new SrcuDomain();
        Holdback.AssertWaitsForSection(
            body =>
            {
                using var scope = srcu.Read();
                body();
            },
            srcu.Synchronize);
    }

    [Fact]
    public void One_thread_sections_and_token_sections_balance_in_the_same_counters()
    {
        using var srcu = new SrcuDomain();
        for (int i = 0; i < 3; i++)
        {
            using (srcu.Read())
            {
                var token = srcu.ReadLock(); // nested, the other kind
                srcu.ReadUnlock(token);
            }
            srcu.Synchronize(); // a set left unbalanced would never drain
        }
        var crossed = srcu.ReadLock();
        var grace = new Thread(srcu.Synchronize);
        grace.Start();
        Assert.False(grace.Join(50), "the grace period ended under an open token section");
        using (srcu.Read())
            srcu.ReadUnlock(crossed);
        Assert.True(grace.Join(TimeSpan.FromSeconds(30)), "the grace period did not end once every section had");
    }

    [Fact]
    public void A_one_thread_section_disposed_through_a_copy_as_well_is_caught_by_the_next_grace_period()
    {
        using var srcu = new SrcuDomain();
        var scope = srcu.Read();
        var copy = scope;
        scope.Dispose();
        copy.Dispose();
        var e = Assert.Throws<GracePeriodMisuseException>(srcu.Synchronize);
        Assert.Contains("unlocked twice", e.Message);
    }

    [Fact]
    public void A_default_one_thread_section_is_refused_and_a_disposed_domain_enters_none()
    {
        GracePeriodMisuseException? refused = null;
        try
        {
            default(SrcuReadScope).Dispose(); // a ref struct: no lambda can capture it
        }
        catch (GracePeriodMisuseException e)
        {
            refused = e;
        }
        Assert.NotNull(refused);
        var srcu = new SrcuDomain();
        srcu.Dispose();
        Assert.Throws<ObjectDisposedException>(() => srcu.Read());
    }

    [Fact]
    public void SynchronizeAsync_waits_for_a_lock_taken_before_it()
    {
        using var srcu = new SrcuDomain();
        Holdback.AssertWaitsForSection(
            Section(srcu),
            () => srcu.SynchronizeAsync().GetAwaiter().GetResult());
    }

    [Fact]
    public async Task A_section_may_end_on_another_thread_after_an_await()
    {
        using var srcu = new SrcuDomain();
        var log = new EventLog();
        // Locked on a dedicated thread, unlocked on a pool thread after an await: two threads by construction.
        SrcuToken token = default;
        int lockedOn = 0;
        var locker = new Thread(() =>
        {
            token = srcu.ReadLock();
            lockedOn = Environment.CurrentManagedThreadId;
        });
        locker.Start();
        locker.Join();
        var grace = Task.Run(async () =>
        {
            await srcu.SynchronizeAsync(TestContext.Current.CancellationToken);
            log.Add("grace-period-end");
        }, TestContext.Current.CancellationToken);
        int unlockedOn = await Task.Run(async () =>
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            log.Add("unlock");
            srcu.ReadUnlock(token);
            return Environment.CurrentManagedThreadId;
        }, TestContext.Current.CancellationToken);
        await grace.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        log.AssertOrder("unlock", "grace-period-end");
        Assert.NotEqual(lockedOn, unlockedOn);
    }

    [Fact]
    public async Task Sections_crossing_threads_balance_across_concurrent_grace_periods()
    {
        // Each section locks on one pool thread and unlocks on whichever runs the
        // continuation: per-thread counts only balance in the sums. A miscount shows as a
        // grace period that never ends or a false "unlocked twice".
        using var srcu = new SrcuDomain();
        var cancel = TestContext.Current.CancellationToken;
        bool stop = false;
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = Task.Run(() =>
        {
            long periods = 0;
            while (!Volatile.Read(ref stop))
            {
                srcu.Synchronize();
                periods++;
                writing.TrySetResult(); // the readers start once grace periods are running: a busy pool may run them first
            }
            return periods;
        }, cancel);
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await writing.Task.WaitAsync(TimeSpan.FromSeconds(60), cancel);
            for (int i = 0; i < 200; i++)
            {
                var token = srcu.ReadLock();
                await Task.Yield();
                srcu.ReadUnlock(token);
            }
        }, cancel)).ToArray();
        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(60), cancel);
        Volatile.Write(ref stop, true);
        Assert.True(await writer.WaitAsync(TimeSpan.FromSeconds(60), cancel) > 0);
        srcu.Synchronize(); // every section has ended: the sums balance
    }

    [Fact]
    public void Counts_of_exited_threads_are_folded_not_lost()
    {
        using var srcu = new SrcuDomain();
        // Locked on a thread that then exits; unlocked here. Dropping the dead thread's
        // slot would lose the lock and make the sums read as a double unlock.
        SrcuToken token = default;
        var locker = new Thread(() => token = srcu.ReadLock());
        locker.Start();
        locker.Join();
        srcu.ReadUnlock(token);
        for (int i = 0; i < 64; i++)
        {
            var passer = new Thread(() => srcu.ReadUnlock(srcu.ReadLock()));
            passer.Start();
            passer.Join();
        }
        srcu.Synchronize(); // folds the exited threads' slots, then sums
        srcu.Synchronize();
        Assert.True(srcu.RegisteredReaders < 16, $"{srcu.RegisteredReaders} slots kept for 66 threads, 65 of them exited");
        var e = Assert.Throws<GracePeriodMisuseException>(() =>
        {
            srcu.ReadUnlock(token); // a double unlock after folding is still caught
            srcu.Synchronize();
        });
        Assert.Contains("unlocked twice", e.Message);
    }

    [Fact]
    public void Foreign_and_default_tokens_are_refused()
    {
        using var a = new SrcuDomain(new GracePeriodOptions { Name = "a" });
        using var b = new SrcuDomain(new GracePeriodOptions { Name = "b" });
        var token = a.ReadLock();
        var foreign = Assert.Throws<GracePeriodMisuseException>(() => b.ReadUnlock(token));
        Assert.Contains("'a'", foreign.Message);
        Assert.Throws<GracePeriodMisuseException>(() => a.ReadUnlock(default));
        a.ReadUnlock(token);
        a.Synchronize(); // balanced: still usable
    }

    [Fact]
    public void A_double_unlock_is_caught_by_the_next_grace_period()
    {
        using var srcu = new SrcuDomain();
        var token = srcu.ReadLock();
        srcu.ReadUnlock(token);
        srcu.ReadUnlock(token);
        var e = Assert.Throws<GracePeriodMisuseException>(srcu.Synchronize);
        Assert.Contains("unlocked twice", e.Message);
    }

    [Fact]
    public async Task SynchronizeAsync_can_be_cancelled_while_a_reader_holds_on()
    {
        using var srcu = new SrcuDomain();
        var token = srcu.ReadLock();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => srcu.SynchronizeAsync(cancel.Token));
        srcu.ReadUnlock(token);
        await srcu.SynchronizeAsync(TestContext.Current.CancellationToken); // the gate was released: the domain still works
    }

    [Fact]
    public void Use_after_dispose_is_refused()
    {
        var srcu = new SrcuDomain();
        srcu.Dispose();
        Assert.Throws<ObjectDisposedException>(() => srcu.ReadLock());
        Assert.Throws<ObjectDisposedException>(srcu.Synchronize);
    }
}
