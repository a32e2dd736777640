namespace Rcuvisor.Rcu.Torture;

/// <summary>A grace-period domain under torture, with its read side.</summary>
public abstract class TortureSubject(string name, GracePeriodDomain domain) : IDisposable
{
    public string Name { get; } = name;

    public GracePeriodDomain Domain { get; } = domain;

    /// <summary>Called on each reader thread before its first read.</summary>
    public abstract TortureReader OpenReader();

    /// <summary>The subjects the CLI and tests know by name: rcu, qsbr, srcu.</summary>
    public static IReadOnlyList<string> Names { get; } = ["rcu", "qsbr", "srcu"];

    public static TortureSubject Create(string name, GracePeriodOptions? options = null)
    {
        options ??= new GracePeriodOptions { Name = $"torture-{name}" };
        return name switch
        {
            "rcu" => new RcuTortureSubject(new RcuDomain(options)),
            "qsbr" => new QsbrTortureSubject(new QsbrDomain(options)),
            "srcu" => new SrcuTortureSubject(new SrcuDomain(options)),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name,
                $"Unknown grace-period domain '{name}'; expected one of: {string.Join(", ", Names)}."),
        };
    }

    public virtual void Dispose()
    {
        Domain.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class RcuTortureSubject(RcuDomain rcu) : TortureSubject("rcu", rcu)
    {
        public override TortureReader OpenReader() => new Reader(rcu);

        // Alternates the two ways in, which share the thread's slot: Read() and a thread reader
        // (taken per section: a class cannot hold the ref struct).
        private sealed class Reader(RcuDomain rcu) : TortureReader
        {
            private long _reads;

            public override int Read(Func<int> section)
            {
                if ((++_reads & 1) == 0)
                {
                    using var scope = rcu.Read();
                    return section();
                }
                using var threadScope = rcu.ThreadReader().Read();
                return section();
            }
        }
    }

    private sealed class SrcuTortureSubject(SrcuDomain srcu) : TortureSubject("srcu", srcu)
    {
        public override TortureReader OpenReader() => new Reader(srcu);

        // Alternates the two kinds of section, which count in the same counters: a token
        // (ReadLock/ReadUnlock, for sections that may change threads) and a one-thread scope.
        private sealed class Reader(SrcuDomain srcu) : TortureReader
        {
            private long _reads;

            public override int Read(Func<int> section)
            {
                if ((++_reads & 1) == 0)
                {
                    using var scope = srcu.Read();
                    return section();
                }
                var token = srcu.ReadLock();
                try
                {
                    return section();
                }
                finally
                {
                    srcu.ReadUnlock(token);
                }
            }
        }
    }

    private sealed class QsbrTortureSubject(QsbrDomain qsbr) : TortureSubject("qsbr", qsbr)
    {
        public override TortureReader OpenReader() => new Reader(qsbr.Register());

        private sealed class Reader(QsbrThread thread) : TortureReader
        {
            private int _reads;

            public override int Read(Func<int> section) => section(); // QSBR readers do nothing at all

            public override void BetweenReads()
            {
                // Mostly a quiescent state; now and then a spell offline, as a thread that blocks would.
                if ((++_reads & 255) == 0)
                {
                    thread.Offline();
                    thread.Online();
                }
                else if ((_reads & 1) == 0)
                {
                    thread.QuiescentState();
                }
                else
                {
                    thread.Reader().QuiescentState(); // the thread reader's path (a class cannot hold the ref struct)
                }
            }

            public override void Dispose()
            {
                thread.Dispose();
                base.Dispose();
            }
        }
    }
}
