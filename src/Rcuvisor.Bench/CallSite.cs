namespace Rcuvisor.Bench;

/// <summary>
/// A type argument that gives a generic loop its own compiled copy. The runtime shares
/// one body of a generic method among reference-type arguments but compiles one per
/// value-type argument, so <c>Loop&lt;CallSite&lt;byte&gt;&gt;</c> and <c>Loop&lt;CallSite&lt;short&gt;&gt;</c>
/// are separate methods with separate call sites. Each strategy gets its own, so its
/// virtual calls are monomorphic, as in a VM process that uses one strategy (and as in
/// BenchmarkDotNet, which runs each case in a process of its own); sharing one loop
/// among four table types would time a megamorphic call that no VM makes.
/// </summary>
internal readonly struct CallSite<TTag> where TTag : struct;
