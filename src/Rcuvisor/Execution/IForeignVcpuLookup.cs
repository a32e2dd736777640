namespace Rcuvisor.Execution;

/// <summary>
/// How a thread that is not a vCPU (an interrupt line, a control call) reaches a vCPU.
/// The implementation enters its read-side critical section (SRCU for the cached-move
/// table), looks <c>id</c> up, runs the visitor, and leaves the section: the vCPU cannot
/// be torn down while the visitor uses it, and the caller cannot forget the section.
/// </summary>
public interface IForeignVcpuLookup
{
    /// <returns>False, without visiting, if no vCPU has <paramref name="id"/> (never created, or removed).</returns>
    bool TryVisit<TVisitor>(int id, ref TVisitor visitor) where TVisitor : struct, IVcpuVisitor;
}
