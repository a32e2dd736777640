using System.CommandLine;

namespace Rcuvisor.Cli.Commands;

/// <summary>Validators that name the option, the bad value and what is allowed, checked at parse time (exit 2).</summary>
internal static class OptionRules
{
    /// <summary>Like AcceptOnlyFromAmong, but the error names the option as well as the value.</summary>
    public static void AcceptOnly(Option<string> option, IReadOnlyList<string> allowed)
    {
        option.CompletionSources.Add([.. allowed]); // also gives help its <a|b|...> label
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (!allowed.Contains(value))
                result.AddError($"{option.Name} '{value}' is not allowed: expected one of {string.Join(", ", allowed)}.");
        });
    }

    public static void RequireRange(Option<int> option, int min, int max) =>
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !int.TryParse(result.Tokens[^1].Value, out _))
                return; // not a number: System.CommandLine reports that itself
            int value = result.GetValueOrDefault<int>();
            if (value < min || value > max)
                result.AddError($"{option.Name} {value} is out of range: allowed {min} to {max}.");
        });

    /// <summary>The same for an option with no default: absent is allowed, a given value must be in range.</summary>
    public static void RequireRange(Option<int?> option, int min, int max) =>
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !int.TryParse(result.Tokens[^1].Value, out _))
                return; // not a number: System.CommandLine reports that itself
            if (result.GetValueOrDefault<int?>() is { } value && (value < min || value > max))
                result.AddError($"{option.Name} {value} is out of range: allowed {min} to {max}.");
        });
}
