using Pipeline.Domain;

namespace Pipeline.Domain.Tests;

public class CountryCodesTests
{
    [Theory]
    [InlineData("United Kingdom", "GB")]
    [InlineData("United States", "US")]
    [InlineData("United States of America", "US")]
    [InlineData("Korea, Republic of", "KR")]
    [InlineData("South Korea", "KR")]
    [InlineData("Korea, Democratic People's Republic of", "KP")]
    [InlineData("Viet Nam", "VN")]
    [InlineData("Vietnam", "VN")]
    [InlineData("Czech Republic", "CZ")]
    [InlineData("Czechia", "CZ")]
    [InlineData("Russian Federation", "RU")]
    [InlineData("Russia", "RU")]
    [InlineData("Türkiye", "TR")]
    [InlineData("Turkiye", "TR")]
    [InlineData("Turkey", "TR")]
    [InlineData("Côte d'Ivoire", "CI")]
    [InlineData("Cote d'Ivoire", "CI")]
    [InlineData("Côte d’Ivoire", "CI")]
    [InlineData("Ivory Coast", "CI")]
    [InlineData("Åland Islands", "AX")]
    [InlineData("Aland Islands", "AX")]
    [InlineData("Curaçao", "CW")]
    [InlineData("Réunion", "RE")]
    [InlineData("Netherlands", "NL")]
    [InlineData("The Netherlands", "NL")]
    [InlineData("Congo, The Democratic Republic of the", "CD")]
    [InlineData("Democratic Republic of the Congo", "CD")]
    [InlineData("Congo", "CG")]
    [InlineData("Iran, Islamic Republic of", "IR")]
    [InlineData("Bolivia, Plurinational State of", "BO")]
    [InlineData("Taiwan", "TW")]
    [InlineData("Hong Kong", "HK")]
    [InlineData("Macedonia", "MK")]
    [InlineData("North Macedonia", "MK")]
    [InlineData("Swaziland", "SZ")]
    [InlineData("Eswatini", "SZ")]
    [InlineData("United Arab Emirates", "AE")]
    [InlineData("Germany", "DE")]
    [InlineData("India", "IN")]
    [InlineData("Brazil", "BR")]
    [InlineData("Holy See (Vatican City State)", "VA")]
    [InlineData("Virgin Islands, U.S.", "VI")]
    [InlineData("Saint Helena, Ascension and Tristan da Cunha", "SH")]
    public void Maps_iso_names_and_the_variants_bamboohr_sends(string name, string expected)
    {
        Assert.True(CountryCodes.TryGetAlpha2(name, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData("united kingdom")]
    [InlineData("UNITED KINGDOM")]
    [InlineData("  United   Kingdom ")]
    [InlineData("United\tKingdom")]
    [InlineData("United\u00A0Kingdom")]
    [InlineData("uNiTeD kInGdOm\n")]
    public void Ignores_case_and_whitespace(string name)
    {
        Assert.True(CountryCodes.TryGetAlpha2(name, out var code));
        Assert.Equal("GB", code);
    }

    [Theory]
    [InlineData("gb", "GB")]
    [InlineData("DE", "DE")]
    public void Accepts_an_alpha2_code_already(string value, string expected)
    {
        Assert.True(CountryCodes.TryGetAlpha2(value, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Atlantis")]
    [InlineData("ZZ")]
    [InlineData("Kingdom")]
    [InlineData("United")]
    [InlineData("<script>")]
    public void Unknown_or_empty_names_map_to_nothing(string? name)
    {
        Assert.False(CountryCodes.TryGetAlpha2(name, out var code));
        Assert.Null(code);
    }

    [Fact]
    public void Holds_all_249_iso_codes_and_every_one_maps_to_itself()
    {
        Assert.Equal(249, CountryCodes.All.Count);
        foreach (var code in CountryCodes.All)
        {
            Assert.True(CountryCodes.IsAlpha2(code));
            Assert.True(CountryCodes.TryGetAlpha2(code.ToLowerInvariant(), out var mapped));
            Assert.Equal(code, mapped);
        }
    }

    [Fact]
    public void Every_name_in_the_table_maps_to_a_real_iso_code()
    {
        // Spot-check through the public API: a name mapping to a code outside the ISO list would be refused by Moodle.
        foreach (var name in new[] { "Kosovo", "Europe", "EU", "UN" })
        {
            Assert.False(CountryCodes.TryGetAlpha2(name, out _), name);
        }

        foreach (var name in new[] { "Bonaire, Sint Eustatius and Saba", "South Sudan", "Sint Maarten (Dutch part)", "Palestine, State of" })
        {
            Assert.True(CountryCodes.TryGetAlpha2(name, out var code), name);
            Assert.True(CountryCodes.IsAlpha2(code));
        }
    }
}
