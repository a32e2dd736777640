namespace Rcuvisor.Kvm.Tests;

public sealed class KvmExceptionTests
{
    [Fact]
    public void The_message_names_the_call_the_target_the_detail_and_errno()
    {
        var e = new KvmException("KVM_CREATE_VCPU", "vm fd 7", 22, "vcpu 1024");
        Assert.Equal("KVM_CREATE_VCPU on vm fd 7 (vcpu 1024) failed: EINVAL (22) Invalid argument", e.Message);
        Assert.Equal(("KVM_CREATE_VCPU", "vm fd 7", 22, "EINVAL", "vcpu 1024"), (e.Call, e.Target, e.Errno, e.ErrnoName, e.Detail));
    }

    [Fact]
    public void Without_a_detail_there_are_no_parentheses_and_an_unlisted_errno_still_has_a_name()
    {
        var e = new KvmException("KVM_RUN", "vcpu 3 (fd 9)", 200);
        Assert.StartsWith("KVM_RUN on vcpu 3 (fd 9) failed: errno 200 (200) ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_device_fails_open_with_ENOENT_named()
    {
        var e = Assert.Throws<KvmException>(() => KvmSystem.Open("/nonexistent/kvm"));
        Assert.Equal(("open", "/nonexistent/kvm", 2, "ENOENT"), (e.Call, e.Target, e.Errno, e.ErrnoName));
        Assert.Contains("No such file or directory", e.Message, StringComparison.Ordinal);
    }
}
