using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Rcuvisor.Kvm.Interop;

namespace Rcuvisor.Kvm.Tests;

/// <summary>Every size, offset, ioctl number and constant the C# side relies on, as C expressions.</summary>
internal static class AbiTable
{
    public static IReadOnlyList<AbiItem> Items { get; } = Build();

    private static List<AbiItem> Build()
    {
        var items = new List<AbiItem>();
        void Size<T>(string c) where T : struct => items.Add(new($"sizeof({c})", (ulong)Unsafe.SizeOf<T>()));
        void Off<T>(string c, string cField, string csField) where T : struct =>
            items.Add(new($"offsetof({c}, {cField})", (ulong)Marshal.OffsetOf<T>(csField)));
        void Nested<TOuter, TInner>(string c, string cField, string outer, string inner) where TOuter : struct where TInner : struct =>
            items.Add(new($"offsetof({c}, {cField})", (ulong)(Marshal.OffsetOf<TOuter>(outer) + Marshal.OffsetOf<TInner>(inner))));
        void Const(string c, ulong value) => items.Add(new(c, value));

        const string run = "struct kvm_run";
        Size<KvmRun>(run);
        Off<KvmRun>(run, "request_interrupt_window", nameof(KvmRun.RequestInterruptWindow));
        Off<KvmRun>(run, "immediate_exit", nameof(KvmRun.ImmediateExit));
        Off<KvmRun>(run, "exit_reason", nameof(KvmRun.ExitReason));
        Off<KvmRun>(run, "ready_for_interrupt_injection", nameof(KvmRun.ReadyForInterruptInjection));
        Off<KvmRun>(run, "if_flag", nameof(KvmRun.IfFlag));
        Off<KvmRun>(run, "flags", nameof(KvmRun.Flags));
        Off<KvmRun>(run, "cr8", nameof(KvmRun.Cr8));
        Off<KvmRun>(run, "apic_base", nameof(KvmRun.ApicBase));
        Off<KvmRun>(run, "kvm_valid_regs", nameof(KvmRun.KvmValidRegs));
        Off<KvmRun>(run, "kvm_dirty_regs", nameof(KvmRun.KvmDirtyRegs));
        Nested<KvmRun, KvmRunHardware>(run, "hw.hardware_exit_reason", nameof(KvmRun.Hardware), nameof(KvmRunHardware.HardwareExitReason));
        Nested<KvmRun, KvmRunFailEntry>(run, "fail_entry.hardware_entry_failure_reason", nameof(KvmRun.FailEntry), nameof(KvmRunFailEntry.HardwareEntryFailureReason));
        Nested<KvmRun, KvmRunFailEntry>(run, "fail_entry.cpu", nameof(KvmRun.FailEntry), nameof(KvmRunFailEntry.Cpu));
        Nested<KvmRun, KvmRunIo>(run, "io.direction", nameof(KvmRun.Io), nameof(KvmRunIo.Direction));
        Nested<KvmRun, KvmRunIo>(run, "io.size", nameof(KvmRun.Io), nameof(KvmRunIo.Size));
        Nested<KvmRun, KvmRunIo>(run, "io.port", nameof(KvmRun.Io), nameof(KvmRunIo.Port));
        Nested<KvmRun, KvmRunIo>(run, "io.count", nameof(KvmRun.Io), nameof(KvmRunIo.Count));
        Nested<KvmRun, KvmRunIo>(run, "io.data_offset", nameof(KvmRun.Io), nameof(KvmRunIo.DataOffset));
        Nested<KvmRun, KvmRunMmio>(run, "mmio.phys_addr", nameof(KvmRun.Mmio), nameof(KvmRunMmio.PhysAddr));
        Nested<KvmRun, KvmRunMmio>(run, "mmio.data", nameof(KvmRun.Mmio), nameof(KvmRunMmio.Data));
        Nested<KvmRun, KvmRunMmio>(run, "mmio.len", nameof(KvmRun.Mmio), nameof(KvmRunMmio.Len));
        Nested<KvmRun, KvmRunMmio>(run, "mmio.is_write", nameof(KvmRun.Mmio), nameof(KvmRunMmio.IsWrite));
        Nested<KvmRun, KvmRunInternal>(run, "internal.suberror", nameof(KvmRun.Internal), nameof(KvmRunInternal.Suberror));
        Nested<KvmRun, KvmRunInternal>(run, "internal.ndata", nameof(KvmRun.Internal), nameof(KvmRunInternal.Ndata));
        Nested<KvmRun, KvmRunInternal>(run, "internal.data", nameof(KvmRun.Internal), nameof(KvmRunInternal.Data));
        Nested<KvmRun, KvmRunSystemEvent>(run, "system_event.type", nameof(KvmRun.SystemEvent), nameof(KvmRunSystemEvent.Type));
        Nested<KvmRun, KvmRunSystemEvent>(run, "system_event.ndata", nameof(KvmRun.SystemEvent), nameof(KvmRunSystemEvent.Ndata));
        Nested<KvmRun, KvmRunSystemEvent>(run, "system_event.data", nameof(KvmRun.SystemEvent), nameof(KvmRunSystemEvent.Data));

        const string regs = "struct kvm_regs";
        Size<KvmRegs>(regs);
        foreach (string r in (string[])["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rsp", "rbp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip", "rflags"])
        {
            Off<KvmRegs>(regs, r, char.ToUpperInvariant(r[0]) + r[1..]);
        }

        const string segment = "struct kvm_segment";
        Size<KvmSegment>(segment);
        foreach (string f in (string[])["base", "limit", "selector", "type", "present", "dpl", "db", "s", "l", "g", "avl", "unusable", "padding"])
        {
            Off<KvmSegment>(segment, f, char.ToUpperInvariant(f[0]) + f[1..]);
        }

        Size<KvmDtable>("struct kvm_dtable");
        Off<KvmDtable>("struct kvm_dtable", "base", nameof(KvmDtable.Base));
        Off<KvmDtable>("struct kvm_dtable", "limit", nameof(KvmDtable.Limit));
        Off<KvmDtable>("struct kvm_dtable", "padding", nameof(KvmDtable.Padding0));

        const string sregs = "struct kvm_sregs";
        Size<KvmSregs>(sregs);
        foreach (string f in (string[])["cs", "ds", "es", "fs", "gs", "ss", "tr", "ldt", "gdt", "idt", "cr0", "cr2", "cr3", "cr4", "cr8", "efer", "apic_base", "interrupt_bitmap"])
        {
            Off<KvmSregs>(sregs, f, f switch { "apic_base" => "ApicBase", "interrupt_bitmap" => "InterruptBitmap", _ => char.ToUpperInvariant(f[0]) + f[1..] });
        }

        const string region = "struct kvm_userspace_memory_region";
        Size<KvmUserspaceMemoryRegion>(region);
        Off<KvmUserspaceMemoryRegion>(region, "slot", nameof(KvmUserspaceMemoryRegion.Slot));
        Off<KvmUserspaceMemoryRegion>(region, "flags", nameof(KvmUserspaceMemoryRegion.Flags));
        Off<KvmUserspaceMemoryRegion>(region, "guest_phys_addr", nameof(KvmUserspaceMemoryRegion.GuestPhysAddr));
        Off<KvmUserspaceMemoryRegion>(region, "memory_size", nameof(KvmUserspaceMemoryRegion.MemorySize));
        Off<KvmUserspaceMemoryRegion>(region, "userspace_addr", nameof(KvmUserspaceMemoryRegion.UserspaceAddr));

        Size<KvmInterrupt>("struct kvm_interrupt");
        Off<KvmInterrupt>("struct kvm_interrupt", "irq", nameof(KvmInterrupt.Irq));
        Size<KvmMpState>("struct kvm_mp_state");
        Off<KvmMpState>("struct kvm_mp_state", "mp_state", nameof(KvmMpState.MpState));

        Size<KvmCpuid2>("struct kvm_cpuid2");
        Off<KvmCpuid2>("struct kvm_cpuid2", "nent", nameof(KvmCpuid2.Nent));
        Const("offsetof(struct kvm_cpuid2, entries)", (ulong)Unsafe.SizeOf<KvmCpuid2>()); // entries follow the C# header
        const string entry = "struct kvm_cpuid_entry2";
        Size<KvmCpuidEntry2>(entry);
        foreach (string f in (string[])["function", "index", "flags", "eax", "ebx", "ecx", "edx", "padding"])
        {
            Off<KvmCpuidEntry2>(entry, f, f == "padding" ? "Padding0" : char.ToUpperInvariant(f[0]) + f[1..]);
        }

        const string events = "struct kvm_vcpu_events";
        Size<KvmVcpuEvents>(events);
        foreach ((string c, string cs) in (ReadOnlySpan<(string, string)>)[
            ("exception.injected", "ExceptionInjected"), ("exception.nr", "ExceptionNr"), ("exception.has_error_code", "ExceptionHasErrorCode"),
            ("exception.pending", "ExceptionPending"), ("exception.error_code", "ExceptionErrorCode"),
            ("interrupt.injected", "InterruptInjected"), ("interrupt.nr", "InterruptNr"), ("interrupt.soft", "InterruptSoft"), ("interrupt.shadow", "InterruptShadow"),
            ("nmi.injected", "NmiInjected"), ("nmi.pending", "NmiPending"), ("nmi.masked", "NmiMasked"),
            ("sipi_vector", "SipiVector"), ("flags", "Flags"),
            ("smi.smm", "SmiSmm"), ("smi.pending", "SmiPending"), ("smi.smm_inside_nmi", "SmiInsideNmi"), ("smi.latched_init", "SmiLatchedInit"),
            ("triple_fault.pending", "TripleFaultPending"), ("exception_has_payload", "ExceptionHasPayload"), ("exception_payload", "ExceptionPayload")])
        {
            Off<KvmVcpuEvents>(events, c, cs);
        }

        foreach ((string c, nuint value) in (ReadOnlySpan<(string, nuint)>)[
            ("KVM_GET_API_VERSION", KvmIoctls.GetApiVersion), ("KVM_CREATE_VM", KvmIoctls.CreateVm),
            ("KVM_CHECK_EXTENSION", KvmIoctls.CheckExtension), ("KVM_GET_VCPU_MMAP_SIZE", KvmIoctls.GetVcpuMmapSize),
            ("KVM_GET_SUPPORTED_CPUID", KvmIoctls.GetSupportedCpuid), ("KVM_CREATE_VCPU", KvmIoctls.CreateVcpu),
            ("KVM_SET_USER_MEMORY_REGION", KvmIoctls.SetUserMemoryRegion), ("KVM_SET_TSS_ADDR", KvmIoctls.SetTssAddr),
            ("KVM_SET_IDENTITY_MAP_ADDR", KvmIoctls.SetIdentityMapAddr), ("KVM_RUN", KvmIoctls.Run),
            ("KVM_GET_REGS", KvmIoctls.GetRegs), ("KVM_SET_REGS", KvmIoctls.SetRegs),
            ("KVM_GET_SREGS", KvmIoctls.GetSregs), ("KVM_SET_SREGS", KvmIoctls.SetSregs),
            ("KVM_INTERRUPT", KvmIoctls.Interrupt), ("KVM_SET_CPUID2", KvmIoctls.SetCpuid2),
            ("KVM_GET_MP_STATE", KvmIoctls.GetMpState), ("KVM_SET_MP_STATE", KvmIoctls.SetMpState),
            ("KVM_GET_VCPU_EVENTS", KvmIoctls.GetVcpuEvents), ("KVM_SET_VCPU_EVENTS", KvmIoctls.SetVcpuEvents)])
        {
            Const(c, value);
        }

        foreach (KvmExitCode code in Enum.GetValues<KvmExitCode>())
        {
            Const($"KVM_EXIT_{CName(code.ToString())}", (ulong)code);
        }
        foreach (KvmCap cap in Enum.GetValues<KvmCap>())
        {
            Const($"KVM_CAP_{CName(cap.ToString())}", (ulong)cap);
        }
        foreach (VcpuMpState state in Enum.GetValues<VcpuMpState>())
        {
            Const($"KVM_MP_STATE_{CName(state.ToString())}", (ulong)state);
        }
        Const("KVM_EXIT_IO_IN", (ulong)KvmIoDirection.In);
        Const("KVM_EXIT_IO_OUT", (ulong)KvmIoDirection.Out);
        Const("KVMIO", KvmIoctls.KvmIo);
        Const("KVM_API_VERSION", KvmApiVersionException.Expected);

        // glibc and the kernel, as the interop declares them.
        Size<Libc.SigAction>("struct sigaction");
        Off<Libc.SigAction>("struct sigaction", "sa_handler", nameof(Libc.SigAction.Handler));
        Off<Libc.SigAction>("struct sigaction", "sa_mask", nameof(Libc.SigAction.Mask));
        Off<Libc.SigAction>("struct sigaction", "sa_flags", nameof(Libc.SigAction.Flags));
        Off<Libc.SigAction>("struct sigaction", "sa_restorer", nameof(Libc.SigAction.Restorer));
        Const("sizeof(sigset_t)", 16 * sizeof(ulong));
        Const("SA_RESTART", Libc.SaRestart);
        Const("SA_SIGINFO", Libc.SaSigInfo);
        Const("(unsigned long)SIG_DFL", (ulong)Libc.SigDefault);
        Const("O_RDWR", (ulong)Libc.OpenFlags.ReadWrite);
        Const("O_CLOEXEC", (ulong)Libc.OpenFlags.CloseOnExec);
        Const("PROT_READ", (ulong)Libc.MemoryProtection.Read);
        Const("PROT_WRITE", (ulong)Libc.MemoryProtection.Write);
        Const("PROT_EXEC", (ulong)Libc.MemoryProtection.Execute);
        Const("MAP_SHARED", (ulong)Libc.MapFlags.Shared);
        Const("MAP_PRIVATE", (ulong)Libc.MapFlags.Private);
        Const("MAP_ANONYMOUS", (ulong)Libc.MapFlags.Anonymous);
        Const("MAP_NORESERVE", (ulong)Libc.MapFlags.NoReserve);
        Const("(unsigned long)MAP_FAILED", unchecked((ulong)Libc.MapFailed));
        foreach ((string name, int value) in (ReadOnlySpan<(string, int)>)[
            ("EPERM", Errno.EPERM), ("ENOENT", Errno.ENOENT), ("EINTR", Errno.EINTR), ("ENXIO", Errno.ENXIO), ("E2BIG", Errno.E2BIG),
            ("EAGAIN", Errno.EAGAIN), ("EACCES", Errno.EACCES), ("ENODEV", Errno.ENODEV), ("EINVAL", Errno.EINVAL)])
        {
            Const(name, (ulong)value);
        }
        return items;
    }

    /// <summary>PascalCase enum member to the header's SNAKE_CASE: IrqWindowOpen -> IRQ_WINDOW_OPEN.</summary>
    private static string CName(string pascal) =>
        string.Concat(pascal.Select((ch, i) => i > 0 && char.IsUpper(ch) && !char.IsUpper(pascal[i - 1]) ? "_" + ch : ch.ToString()))
            .ToUpperInvariant();
}
