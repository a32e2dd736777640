namespace Rcuvisor.Rcu;

/// <summary>
/// A grace-period API was used in a way that would deadlock or corrupt the domain:
/// <c>Synchronize()</c> inside the caller's own read section, a token from another
/// domain, an unbalanced read-side exit, or <c>Barrier()</c> from a deferred callback.
/// </summary>
public sealed class GracePeriodMisuseException(string message) : InvalidOperationException(message);
