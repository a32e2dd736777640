namespace Rcuvisor.Bench;

/// <summary>A part of issue 6's matrix this build cannot measure yet, and what it waits for.</summary>
internal sealed record UnmeasuredSection(string Title, string Needs);
