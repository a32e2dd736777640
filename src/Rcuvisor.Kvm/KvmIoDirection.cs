namespace Rcuvisor.Kvm;

/// <summary><c>kvm_run.io.direction</c>.</summary>
public enum KvmIoDirection : byte
{
    /// <summary>KVM_EXIT_IO_IN: the guest reads; write the value before the next run.</summary>
    In = 0,
    /// <summary>KVM_EXIT_IO_OUT: the guest wrote the value.</summary>
    Out = 1,
}
