using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary><c>kvm_run.io</c>: the KVM_EXIT_IO view.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmRunIo
{
    /// <summary><c>direction</c>: 0 in, 1 out.</summary>
    public byte Direction;
    /// <summary><c>size</c>: bytes per element (1, 2 or 4).</summary>
    public byte Size;
    /// <summary><c>port</c>.</summary>
    public ushort Port;
    /// <summary><c>count</c>: elements (more than 1 for rep ins/outs).</summary>
    public uint Count;
    /// <summary><c>data_offset</c>: where the data sits, relative to the start of kvm_run.</summary>
    public ulong DataOffset;
}
