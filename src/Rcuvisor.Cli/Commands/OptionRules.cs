using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

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

    /// <summary>
    /// A whole number from <paramref name="min"/> to <paramref name="max"/>. Parsed here rather
    /// than by System.CommandLine, whose own message for a number past int's range ("Cannot
    /// parse argument ... as expected type 'System.Int32'") names a .NET type instead of the
    /// allowed range every other bad value gets.
    /// </summary>
    public static void RequireRange(Option<int> option, int min, int max) =>
        option.CustomParser = result => Parse(result, option.Name, $"{min} to {max}", min, max) ?? default;

    /// <summary>The same for an option with no default (soak's --seed): absent stays null, a given value must be in range.</summary>
    public static void RequireRange(Option<int?> option, int min, int max) =>
        option.CustomParser = result => Parse(result, option.Name, $"{min} to {max}", min, max);

    /// <summary>
    /// A whole number whose bounds depend on other options (checked after parsing):
    /// <paramref name="allowed"/> says what they are, for a value that is not a number or is past int's range.
    /// </summary>
    public static void RequireWholeNumber(Option<int?> option, string allowed) =>
        option.CustomParser = result => Parse(result, option.Name, allowed, int.MinValue, int.MaxValue);

    private static int? Parse(ArgumentResult result, string name, string allowed, int min, int max)
    {
        if (result.Tokens.Count == 0)
            return null;
        string text = result.Tokens[^1].Value;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
            return value;
        // Digits that do not fit an int are out of range like any other number, not a type error.
        bool number = text.TrimStart('-', '+').Length > 0 && text.TrimStart('-', '+').All(char.IsAsciiDigit) && text.LastIndexOfAny(['-', '+']) <= 0;
        result.AddError(number
            ? $"{name} {text} is out of range: allowed {allowed}."
            : $"{name} '{text}' is not a whole number: allowed {allowed}.");
        return null;
    }
}
