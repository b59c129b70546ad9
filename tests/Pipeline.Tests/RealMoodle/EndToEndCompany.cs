using System.Globalization;
using System.Text;
using Pipeline.Sandbox.BambooHr;

namespace Pipeline.Pipeline.Tests.RealMoodle;

/// <summary>
/// The company of the real-Moodle end-to-end test: a few hundred ordinary employees (every 15th a leaver, names in
/// several scripts, some preferred names, some mixed-case e-mails) and the cases adoption trips over, each under its
/// own id. Ids and the e-mail domain are new on every run, so accounts an earlier run left in the lab site never
/// match this one's employees.
/// </summary>
internal sealed class EndToEndCompany
{
    public const int Ordinary = 270;

    /// <summary>Moodle's user.department column, in characters (fixtures 83–85).</summary>
    public const int DepartmentLimit = 255;

    private static readonly (string First, string Last, string Ascii)[] Names =
    [
        ("Anna", "Schmidt", "anna.schmidt"), ("José", "Núñez", "jose.nunez"), ("Jürgen", "Groß", "juergen.gross"),
        ("伟", "王", "wei.wang"), ("Priya", "Patel", "priya.patel"), ("Siobhán", "Ó Briain", "siobhan.obriain"),
        ("Łukasz", "Wójcik", "lukasz.wojcik"), ("Tom", "Baker", "tom.baker"), ("美咲", "中村", "misaki.nakamura"),
        ("Ólafur", "Þórsson", "olafur.thorsson"), ("Zoë 🌟", "Brontë", "zoe.bronte"), ("Grace", "O'Neill", "grace.oneill"),
        ("Chloé", "Lefèvre", "chloe.lefevre"), ("Omar", "Haddad", "omar.haddad"), ("Ada", "Lovelace", "ada.lovelace"),
        ("Søren", "Kierkegård", "soren.kierkegard"),
    ];

    private static readonly (string Department, string Division)[] Departments =
    [
        ("Engineering", "Technology"), ("Recherche et Développement", "Technology"), ("Vertrieb & Außendienst", "Commercial"),
        ("Marketing", "Commercial"), ("Finance", "Corporate"), ("People", "Corporate"), ("Customer Support", "Operations"),
    ];

    private static readonly string[] JobTitles = ["Engineer", "Ingénieur logiciel", "Account Executive", "Analyst", "Straßenplaner", "Support Specialist"];

    private static readonly (string City, string Country, string Code)[] Places =
    [
        ("London", "United Kingdom", "GB"), ("München", "Germany", "DE"), ("Paris", "France", "FR"), ("Dublin", "Ireland", "IE"),
        ("Austin", "United States", "US"), ("Zürich", "Switzerland", "CH"),
    ];

    private readonly long _base;
    private readonly DateTimeOffset _anchor;

    private EndToEndCompany(string tag, long idBase, DateTimeOffset anchor)
    {
        Tag = tag;
        _base = idBase;
        _anchor = anchor;
        Domain = tag + "." + DomainSuffix;
    }

    /// <summary>Every account of every run is under this suffix (core_user_get_users' email criterion finds them all).</summary>
    public const string DomainSuffix = "e2e.example.org";

    public string Tag { get; }

    public string Domain { get; }

    public Dictionary<string, SeedEmployee> Employees { get; } = new(StringComparer.Ordinal);

    public List<string> OrdinaryActive { get; } = [];

    public List<string> OrdinaryLeavers { get; } = [];

    public string PlusAddressed => Id(301);

    public string MixedCase => Id(302);

    /// <summary>Has an account made beforehand with exactly the same e-mail, no idnumber.</summary>
    public string PreExistingSame => Id(303);

    /// <summary>Has an account made beforehand whose e-mail differs only in case (Pre.Existing@ for pre.existing@).</summary>
    public string PreExistingCase => Id(304);

    /// <summary>jo_lee@: an account joxlee@ made beforehand matches it as a LIKE pattern but is someone else.</summary>
    public string Underscore => Id(305);

    /// <summary>Two employees with one work e-mail, exactly.</summary>
    public (string A, string B) SameEmail => (Id(306), Id(307));

    /// <summary>Two employees whose work e-mails differ only in case.</summary>
    public (string A, string B) SameEmailButCase => (Id(308), Id(309));

    /// <summary>A leaver with an account made beforehand (same e-mail): linked and suspended, later rehired.</summary>
    public string LeaverWithAccount => Id(310);

    public string LongDepartment => Id(311);

    /// <summary>Active employees nobody touched for months: only a first run that takes the whole company brings them in.</summary>
    public List<string> LongUnchanged { get; } = [];

    public string Id(int n) => (_base + n).ToString(CultureInfo.InvariantCulture);

    public static EndToEndCompany Create()
    {
        var tag = "t" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..8];
        // Ten digits, as BambooHR ids are numbers: far from the small ids other tests and the fixtures use.
        var idBase = 1_000_000_000L + (Random.Shared.NextInt64(0, 1_000_000) * 1_000);
        var company = new EndToEndCompany(tag, idBase, DateTimeOffset.UtcNow);
        company.Build();
        return company;
    }

    public SeedDocument Document() => new() { CompanyDomain = Domain, Employees = [.. Employees.Values] };

    /// <summary>The accounts an administrator made in Moodle before the pipeline came.</summary>
    public IReadOnlyList<NewAccount> PreExistingAccounts() =>
    [
        new("legacy.presame." + Tag, Employees[PreExistingSame].WorkEmail!, "Old", "Name"),
        new("legacy.precase." + Tag, "Pre.Existing@" + Domain, "Old", "Case"),
        new("legacy.joxlee." + Tag, "joxlee@" + Domain, "Jox", "Lee"),
        new("legacy.leaver." + Tag, Employees[LeaverWithAccount].WorkEmail!, "Left", "Years Ago"),
    ];

    /// <summary>The username Moodle keeps for an e-mail: lower case, only a-z 0-9 - _ . @ (issue 15.3).</summary>
    public static string Username(string email)
    {
        var lower = email.ToLowerInvariant();
        return string.Concat(lower.Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '@'));
    }

    public static string CountryCode(string country) => Places.First(p => p.Country == country).Code;

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string DaysFromToday(int days) => Date(DateOnly.FromDateTime(_anchor.UtcDateTime).AddDays(days));

    private void Build()
    {
        for (var n = 1; n <= Ordinary; n++)
        {
            var (first, last, ascii) = Names[n % Names.Length];
            var local = ascii + "." + n.ToString(CultureInfo.InvariantCulture);
            // Every 9th as people type them: capitals in the name and the domain.
            var email = n % 9 == 4
                ? Capitalised(local) + "@" + Capitalised(Domain)
                : local + "@" + Domain;
            var leaver = n % 15 == 0;
            Add(n, first, last, email, leaver, TimeSpan.FromMinutes(10 + n), preferred: n % 11 == 5 ? "Sam" : null);
            (leaver ? OrdinaryLeavers : OrdinaryActive).Add(Id(n));
        }

        Add(301, "Ops", "Lernplattform", "ops+lms@" + Domain, false, TimeSpan.FromHours(2));
        Add(302, "Mia", "Van der Berg", "Mia.VanDerBerg@" + Domain.ToUpperInvariant(), false, TimeSpan.FromHours(2));
        Add(303, "Päivi", "Same", "pre.same@" + Domain, false, TimeSpan.FromHours(2));
        Add(304, "Pre", "Existing", "pre.existing@" + Domain, false, TimeSpan.FromHours(2));
        Add(305, "Jo", "Lee", "jo_lee@" + Domain, false, TimeSpan.FromHours(2));
        Add(306, "Shared", "Inbox A", "shared.inbox@" + Domain, false, TimeSpan.FromHours(2));
        Add(307, "Shared", "Inbox B", "shared.inbox@" + Domain, false, TimeSpan.FromHours(2));
        Add(308, "Team", "Lead A", "Team.Lead@" + Domain, false, TimeSpan.FromHours(2));
        Add(309, "Team", "Lead B", "team.lead@" + Domain, false, TimeSpan.FromHours(2));
        Add(310, "Rehire", "Later", "rehire.later@" + Domain, true, TimeSpan.FromHours(2));
        Add(311, "Long", "Department", "long.department@" + Domain, false, TimeSpan.FromHours(2));
        Employees[LongDepartment].Department = LongDepartmentName();

        for (var n = 320; n < 335; n++)
        {
            var (first, last, ascii) = Names[n % Names.Length];
            Add(n, first, last, $"{ascii}.old{n.ToString(CultureInfo.InvariantCulture)}@{Domain}", false, TimeSpan.FromDays(200));
            LongUnchanged.Add(Id(n));
        }
    }

    private void Add(int n, string first, string last, string email, bool leaver, TimeSpan changedAgo, string? preferred = null)
    {
        var (department, division) = Departments[n % Departments.Length];
        var (city, country, _) = Places[n % Places.Length];
        var hire = DateOnly.FromDateTime(_anchor.UtcDateTime).AddDays(-(400 + n));
        Employees[Id(n)] = new SeedEmployee
        {
            Id = Id(n),
            EmployeeNumber = "E" + n.ToString(CultureInfo.InvariantCulture),
            FirstName = first,
            LastName = last,
            PreferredName = preferred,
            WorkEmail = email,
            Status = leaver ? "Inactive" : "Active",
            HireDate = Date(hire),
            TerminationDate = leaver ? DaysFromToday(-30) : "0000-00-00",
            Department = department,
            Division = division,
            JobTitle = JobTitles[n % JobTitles.Length],
            Location = city,
            Country = country,
            LastChanged = (_anchor - changedAgo).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
    }

    // 300 characters, accented letters included, so that counting bytes instead of characters cuts elsewhere.
    private static string LongDepartmentName()
    {
        var sb = new StringBuilder();
        while (sb.Length < 300)
        {
            sb.Append("Département Forschung & Entwicklung Straße ");
        }

        return sb.ToString(0, 300);
    }

    private static string Capitalised(string dotted) =>
        string.Join('.', dotted.Split('.').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
}
