using Rcuvisor.Execution;

namespace Rcuvisor.Devices;

/// <summary>
/// A device on an <see cref="IoBus"/>: the exit handler of the accessing vCPU calls it on
/// that vCPU's thread, so it may use the vCPU's own view of its peers. Must not block and,
/// on the exit path, should not allocate. Everything the guest passes is untrusted.
/// </summary>
public interface IIoDevice
{
    /// <summary>The guest wrote <paramref name="value"/> (<paramref name="size"/> bytes) at <paramref name="address"/>.</summary>
    void Write(Vcpu vcpu, ulong address, int size, ulong value);

    /// <summary>The guest reads <paramref name="size"/> bytes at <paramref name="address"/>; the low bytes of the result are used.</summary>
    ulong Read(Vcpu vcpu, ulong address, int size);
}
