namespace Rcuvisor.Kvm.Tests;

/// <summary>The C# mirrors of &lt;linux/kvm.h&gt; and glibc agree with this machine's headers, item by item.</summary>
public sealed class AbiTests
{
    [Fact]
    public void Every_size_offset_ioctl_and_constant_matches_the_C_headers()
    {
        string? missing = CProbe.MissingPrerequisite();
        Assert.SkipWhen(missing is not null, $"cannot compile the ABI probe: {missing}");

        Dictionary<string, ulong> c = CProbe.Run(AbiTable.Items);
        var mismatches = AbiTable.Items
            .Where(item => c[item.CExpression] != item.CSharpValue)
            .Select(item => $"{item.CExpression}: C says {c[item.CExpression]} (0x{c[item.CExpression]:x}), C# says {item.CSharpValue} (0x{item.CSharpValue:x})")
            .ToList();
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
        TestContext.Current.SendDiagnosticMessage($"ABI probe: {AbiTable.Items.Count} items compared with the C headers, all equal");
    }

    [Fact]
    public void The_probe_source_names_every_item_once()
    {
        Assert.Equal(AbiTable.Items.Count, AbiTable.Items.Select(i => i.CExpression).Distinct().Count());
        string source = CProbe.Source(AbiTable.Items);
        Assert.Contains("#include <linux/kvm.h>", source, StringComparison.Ordinal);
        Assert.Contains("offsetof(struct kvm_run, io.data_offset)", source, StringComparison.Ordinal);
    }

    /// <summary>The figures of /work/shared/kvm/abi-and-host.md (Debian 12 headers, the KVM host's), pinned as literals.</summary>
    [Theory]
    [InlineData("sizeof(struct kvm_run)", 2352)]
    [InlineData("sizeof(struct kvm_regs)", 144)]
    [InlineData("sizeof(struct kvm_sregs)", 312)]
    [InlineData("sizeof(struct kvm_segment)", 24)]
    [InlineData("sizeof(struct kvm_dtable)", 16)]
    [InlineData("sizeof(struct kvm_userspace_memory_region)", 32)]
    [InlineData("sizeof(struct kvm_interrupt)", 4)]
    [InlineData("sizeof(struct kvm_cpuid2)", 8)]
    [InlineData("sizeof(struct kvm_cpuid_entry2)", 40)]
    [InlineData("sizeof(struct kvm_mp_state)", 4)]
    [InlineData("sizeof(struct kvm_vcpu_events)", 64)]
    [InlineData("offsetof(struct kvm_run, request_interrupt_window)", 0)]
    [InlineData("offsetof(struct kvm_run, immediate_exit)", 1)]
    [InlineData("offsetof(struct kvm_run, exit_reason)", 8)]
    [InlineData("offsetof(struct kvm_run, ready_for_interrupt_injection)", 12)]
    [InlineData("offsetof(struct kvm_run, if_flag)", 13)]
    [InlineData("offsetof(struct kvm_run, flags)", 14)]
    [InlineData("offsetof(struct kvm_run, cr8)", 16)]
    [InlineData("offsetof(struct kvm_run, apic_base)", 24)]
    [InlineData("offsetof(struct kvm_run, io.direction)", 32)]
    [InlineData("offsetof(struct kvm_run, io.size)", 33)]
    [InlineData("offsetof(struct kvm_run, io.port)", 34)]
    [InlineData("offsetof(struct kvm_run, io.count)", 36)]
    [InlineData("offsetof(struct kvm_run, io.data_offset)", 40)]
    [InlineData("offsetof(struct kvm_run, mmio.phys_addr)", 32)]
    [InlineData("offsetof(struct kvm_run, mmio.data)", 40)]
    [InlineData("offsetof(struct kvm_run, mmio.len)", 48)]
    [InlineData("offsetof(struct kvm_run, mmio.is_write)", 52)]
    [InlineData("offsetof(struct kvm_run, fail_entry.hardware_entry_failure_reason)", 32)]
    [InlineData("offsetof(struct kvm_run, internal.suberror)", 32)]
    [InlineData("offsetof(struct kvm_run, system_event.type)", 32)]
    [InlineData("offsetof(struct kvm_run, kvm_valid_regs)", 288)]
    [InlineData("offsetof(struct kvm_regs, rip)", 128)]
    [InlineData("offsetof(struct kvm_regs, rflags)", 136)]
    [InlineData("offsetof(struct kvm_sregs, cs)", 0)]
    [InlineData("offsetof(struct kvm_sregs, ds)", 24)]
    [InlineData("offsetof(struct kvm_sregs, gdt)", 192)]
    [InlineData("offsetof(struct kvm_sregs, idt)", 208)]
    [InlineData("offsetof(struct kvm_sregs, cr0)", 224)]
    [InlineData("offsetof(struct kvm_sregs, cr3)", 240)]
    [InlineData("offsetof(struct kvm_sregs, cr4)", 248)]
    [InlineData("offsetof(struct kvm_sregs, efer)", 264)]
    [InlineData("offsetof(struct kvm_sregs, apic_base)", 272)]
    [InlineData("offsetof(struct kvm_sregs, interrupt_bitmap)", 280)]
    [InlineData("offsetof(struct kvm_segment, base)", 0)]
    [InlineData("offsetof(struct kvm_segment, limit)", 8)]
    [InlineData("offsetof(struct kvm_segment, selector)", 12)]
    [InlineData("offsetof(struct kvm_segment, type)", 14)]
    [InlineData("offsetof(struct kvm_segment, present)", 15)]
    [InlineData("offsetof(struct kvm_segment, dpl)", 16)]
    [InlineData("offsetof(struct kvm_segment, db)", 17)]
    [InlineData("offsetof(struct kvm_segment, s)", 18)]
    [InlineData("offsetof(struct kvm_segment, l)", 19)]
    [InlineData("offsetof(struct kvm_segment, g)", 20)]
    [InlineData("offsetof(struct kvm_segment, avl)", 21)]
    [InlineData("offsetof(struct kvm_segment, unusable)", 22)]
    [InlineData("offsetof(struct kvm_userspace_memory_region, slot)", 0)]
    [InlineData("offsetof(struct kvm_userspace_memory_region, flags)", 4)]
    [InlineData("offsetof(struct kvm_userspace_memory_region, guest_phys_addr)", 8)]
    [InlineData("offsetof(struct kvm_userspace_memory_region, memory_size)", 16)]
    [InlineData("offsetof(struct kvm_userspace_memory_region, userspace_addr)", 24)]
    [InlineData("offsetof(struct kvm_cpuid2, nent)", 0)]
    [InlineData("offsetof(struct kvm_cpuid2, entries)", 8)]
    [InlineData("offsetof(struct kvm_cpuid_entry2, function)", 0)]
    [InlineData("offsetof(struct kvm_cpuid_entry2, index)", 4)]
    [InlineData("offsetof(struct kvm_cpuid_entry2, flags)", 8)]
    [InlineData("offsetof(struct kvm_cpuid_entry2, eax)", 12)]
    [InlineData("offsetof(struct kvm_cpuid_entry2, edx)", 24)]
    [InlineData("KVM_GET_API_VERSION", 0x0000ae00)]
    [InlineData("KVM_CREATE_VM", 0x0000ae01)]
    [InlineData("KVM_CHECK_EXTENSION", 0x0000ae03)]
    [InlineData("KVM_GET_VCPU_MMAP_SIZE", 0x0000ae04)]
    [InlineData("KVM_GET_SUPPORTED_CPUID", 0xc008ae05)]
    [InlineData("KVM_CREATE_VCPU", 0x0000ae41)]
    [InlineData("KVM_SET_USER_MEMORY_REGION", 0x4020ae46)]
    [InlineData("KVM_SET_TSS_ADDR", 0x0000ae47)]
    [InlineData("KVM_SET_IDENTITY_MAP_ADDR", 0x4008ae48)]
    [InlineData("KVM_RUN", 0x0000ae80)]
    [InlineData("KVM_GET_REGS", 0x8090ae81)]
    [InlineData("KVM_SET_REGS", 0x4090ae82)]
    [InlineData("KVM_GET_SREGS", 0x8138ae83)]
    [InlineData("KVM_SET_SREGS", 0x4138ae84)]
    [InlineData("KVM_INTERRUPT", 0x4004ae86)]
    [InlineData("KVM_SET_CPUID2", 0x4008ae90)]
    [InlineData("KVM_GET_MP_STATE", 0x8004ae98)]
    [InlineData("KVM_SET_MP_STATE", 0x4004ae99)]
    [InlineData("KVM_GET_VCPU_EVENTS", 0x8040ae9f)]
    [InlineData("KVM_SET_VCPU_EVENTS", 0x4040aea0)]
    [InlineData("KVM_EXIT_UNKNOWN", 0)]
    [InlineData("KVM_EXIT_EXCEPTION", 1)]
    [InlineData("KVM_EXIT_IO", 2)]
    [InlineData("KVM_EXIT_HLT", 5)]
    [InlineData("KVM_EXIT_MMIO", 6)]
    [InlineData("KVM_EXIT_IRQ_WINDOW_OPEN", 7)]
    [InlineData("KVM_EXIT_SHUTDOWN", 8)]
    [InlineData("KVM_EXIT_FAIL_ENTRY", 9)]
    [InlineData("KVM_EXIT_INTR", 10)]
    [InlineData("KVM_EXIT_INTERNAL_ERROR", 17)]
    [InlineData("KVM_EXIT_SYSTEM_EVENT", 24)]
    [InlineData("KVM_MP_STATE_HALTED", 3)]
    [InlineData("KVM_CAP_NR_VCPUS", 9)]
    [InlineData("KVM_CAP_MAX_VCPUS", 66)]
    [InlineData("KVM_CAP_MAX_VCPU_ID", 128)]
    [InlineData("KVM_CAP_IRQCHIP", 0)]
    [InlineData("KVM_CAP_IRQFD", 32)]
    [InlineData("KVM_CAP_IMMEDIATE_EXIT", 136)]
    [InlineData("KVM_CAP_USER_MEMORY", 3)]
    [InlineData("KVM_CAP_NR_MEMSLOTS", 10)]
    [InlineData("KVM_CAP_SYNC_REGS", 74)]
    public void The_CSharp_side_matches_the_measured_table(string item, ulong expected)
    {
        AbiItem? found = AbiTable.Items.SingleOrDefault(i => i.CExpression == item);
        Assert.True(found is not null, $"{item} is not in the C# ABI table");
        Assert.True(found.CSharpValue == expected, $"{item}: abi-and-host.md says {expected} (0x{expected:x}), C# says {found.CSharpValue} (0x{found.CSharpValue:x})");
    }
}
