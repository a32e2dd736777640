namespace Rcuvisor.Kvm.Tests.Guest;

/// <summary>One instruction asked of the emitter: the method used, where it landed, and the objdump text it must decode to.</summary>
/// <param name="Expected">Evaluated after emission, so a jump's text can name a label bound later.</param>
internal sealed record EmitCase(string Form, int Offset, int Length, Func<string> Expected);
