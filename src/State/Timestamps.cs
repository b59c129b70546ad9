using System.Globalization;

namespace Pipeline.State;

/// <summary>
/// Timestamps are stored as fixed-width round-trip strings in UTC ("2024-05-01T10:00:00.0000000+00:00"), so that
/// DynamoDB's lexical comparison in condition expressions is the same as time order.
/// </summary>
internal static class Timestamps
{
    public static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string value) =>
        DateTimeOffset.ParseExact(value, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static string EpochSeconds(DateTimeOffset value) => value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
