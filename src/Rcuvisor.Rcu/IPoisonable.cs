namespace Rcuvisor.Rcu;

/// <summary>
/// An object that can be poisoned once its grace period has ended. In checked mode
/// (<see cref="GracePeriodOptions.Checked"/>) <see cref="GracePeriodDomain.Retire{T}"/>
/// calls <see cref="Poison"/> before <see cref="IDisposable.Dispose"/>; the object's
/// accessors then throw <see cref="RetiredObjectAccessException"/>, so a reader that
/// outlived its grace period is caught instead of reading stale data silently.
/// </summary>
public interface IPoisonable
{
    /// <summary>Marks the object retired; from then on its accessors throw <see cref="RetiredObjectAccessException"/>.</summary>
    void Poison();
}
