namespace Rcuvisor.Rcu;

/// <summary>A reader touched an object after the grace period that retired it.</summary>
public sealed class RetiredObjectAccessException(string what)
    : InvalidOperationException($"{what} was read after its grace period ended: a reader outlived its read section.");
