namespace Rcuvisor.Execution;

/// <summary>
/// What a foreign reader does with a vCPU while the read section that found it is still
/// held. A struct implementing it is passed by reference, so a visit allocates nothing.
/// </summary>
public interface IVcpuVisitor
{
    /// <summary>Called with the vCPU found, inside the read section that keeps it from being torn down.</summary>
    void Visit(Vcpu vcpu);
}
