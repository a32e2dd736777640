namespace Rcuvisor.Bench;

/// <summary>The object the readers-and-updater runs publish, read and replace (test_urcu's <c>struct test_array</c>).</summary>
internal sealed class UpdaterObject(long value)
{
    /// <summary>8 while published, as in test_urcu; the updater zeroes it once no reader can see it.</summary>
    public long Value = value;
}
