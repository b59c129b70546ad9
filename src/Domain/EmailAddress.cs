namespace Pipeline.Domain;

/// <summary>
/// Whether Moodle 4.5's validate_email accepts an address. Moodle uses PHPMailer's default check
/// (PHP's FILTER_VALIDATE_EMAIL, ASCII only) and refuses '&lt;' and '&gt;'. We accept a subset of
/// that: an unquoted dot-atom local part of RFC 5322 atext ('+', '\'' and '_' included) and a DNS
/// host name with at least one dot. Quoted local parts, IP-literal domains, dotless domains and any
/// non-ASCII character (Moodle refuses those, and IDN domains must arrive as punycode) are invalid.
/// </summary>
public static class EmailAddress
{
    private const string AtextSymbols = "!#$%&'*+-/=?^_`{|}~";

    public static bool IsValid(string? address)
    {
        if (string.IsNullOrEmpty(address) || address.Length > 254)
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@') != at)
        {
            return false;
        }

        return IsLocalPart(address.AsSpan(0, at)) && IsDomain(address.AsSpan(at + 1));
    }

    private static bool IsLocalPart(ReadOnlySpan<char> local)
    {
        if (local.Length > 64 || local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in local)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || AtextSymbols.Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDomain(ReadOnlySpan<char> domain)
    {
        if (domain.Length > 253)
        {
            return false;
        }

        var labels = 0;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return false;
                }
            }

            labels++;
        }

        // The top-level label must not be all digits: "a@1.2.3.4" is an IP in disguise.
        var tld = domain[(domain.LastIndexOf('.') + 1)..];
        return labels >= 2 && tld.ContainsAnyExcept("0123456789");
    }
}
