namespace Rcuvisor.Rcu.Torture;

/// <summary>One reader thread's counts: written only by that thread, read by the progress reporter.</summary>
internal sealed class ReaderTally(int maxPipe)
{
    private readonly long[] _histogram = new long[maxPipe + 1];
    private long _reads;
    private long _freedReads;

    public long Reads => Volatile.Read(ref _reads);

    public long FreedReads => Volatile.Read(ref _freedReads);

    public long Violations
    {
        get
        {
            long sum = FreedReads;
            for (int age = 2; age < _histogram.Length; age++)
                sum += Volatile.Read(ref _histogram[age]);
            return sum;
        }
    }

    public void Count(int pipeCount)
    {
        int bucket = Math.Clamp(pipeCount, 0, _histogram.Length - 1);
        Volatile.Write(ref _histogram[bucket], _histogram[bucket] + 1); // single writer: a plain increment, published for the reporter
        Volatile.Write(ref _reads, _reads + 1);
    }

    public void CountFreedRead() => Volatile.Write(ref _freedReads, _freedReads + 1);

    public void AddTo(long[] histogram)
    {
        for (int age = 0; age < histogram.Length; age++)
            histogram[age] += _histogram[age];
    }
}
