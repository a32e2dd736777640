using System.Runtime.CompilerServices;

namespace Rcuvisor.Tables;

/// <summary>
/// Heap bytes of the objects a table owns, as the GC counts them (what
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> reports).
/// </summary>
internal static class ObjectSizes
{
    // An array is an object header, a method-table pointer and a pointer-sized length
    // slot (the length is 4 bytes, padded on 64-bit): 24 bytes on x64.
    private static readonly int ArrayHeaderBytes = 3 * IntPtr.Size;

    public static long ArrayOfReferences(int length) => ArrayHeaderBytes + (long)IntPtr.Size * length;

    public static long ArrayOfInt32(int length) => AlignToPointer(ArrayHeaderBytes + 4L * length);

    /// <summary>Bytes of one instance of <typeparamref name="TObject"/>.</summary>
    public static long Instance<TObject>() where TObject : class => InstanceSize<TObject>.Bytes;

    private static long AlignToPointer(long bytes) => (bytes + IntPtr.Size - 1) & ~(long)(IntPtr.Size - 1);

    private static class InstanceSize<TObject>
    {
        // Measured, not summed by hand: field layout (packing, base-class padding) is the
        // runtime's business, and a hand count drifts silently when a field is added.
        public static readonly long Bytes = Measure();

        private static long Measure()
        {
            GC.KeepAlive(RuntimeHelpers.GetUninitializedObject(typeof(TObject))); // first call may cache type data
            long before = GC.GetAllocatedBytesForCurrentThread();
            object probe = RuntimeHelpers.GetUninitializedObject(typeof(TObject));
            long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            GC.KeepAlive(probe);
            return bytes;
        }
    }
}
