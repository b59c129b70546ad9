using System.Globalization;
using System.Text;
using Bogus;

namespace Pipeline.Sandbox.BambooHr;

/// <summary>
/// Deterministic, realistic company data: the same (count, seed, deleted, anchor) always gives the same
/// document. Layout (ids are "1".."count"):
/// id 1 is an Active employee whose e-mail the last poison record duplicates; id 2 is the rehire;
/// every 10th id from 10 is an Inactive leaver; the last three ids are the poison records.
/// </summary>
internal static class SeedGenerator
{
    public const int MinCount = 20;
    public const int MaxCount = 100_000;
    public const string RehireId = "2";

    private static readonly (string First, string Last)[] NonAsciiNames =
    [
        ("Zoë", "Brontë"), ("Łukasz", "Wójcik"), ("José", "Núñez"), ("Søren", "Kierkegård"), ("伟", "王"),
        ("Ólafur", "Þórsson"), ("Chloé", "Lefèvre"), ("Jürgen", "Groß"), ("Siobhán", "Ó Briain"), ("Zoë", "Łęcka"),
    ];

    private static readonly (string Location, string Country)[] Locations =
    [
        ("London", "United Kingdom"), ("Manchester", "United Kingdom"), ("New York", "United States"),
        ("Austin", "United States"), ("Berlin", "Germany"), ("Paris", "France"), ("Dublin", "Ireland"),
        ("Madrid", "Spain"), ("Warsaw", "Poland"), ("Bengaluru", "India"), ("Amsterdam", "Netherlands"),
        ("Toronto", "Canada"),
    ];

    private static readonly (string Department, string Division)[] Departments =
    [
        ("Engineering", "Technology"), ("Product", "Technology"), ("Sales", "Commercial"), ("Marketing", "Commercial"),
        ("Finance", "Corporate"), ("People", "Corporate"), ("Legal", "Corporate"), ("Customer Support", "Operations"),
        ("Operations", "Operations"),
    ];

    private static readonly string[] PreferredNames = ["Alex", "Sam", "Jo", "Max", "Kit", "Bea"];

    public static SeedDocument Generate(int count, int seed, int deletedCount, DateTimeOffset anchor, string company)
    {
        var faker = new Faker("en") { Random = new Randomizer(seed) };
        var random = faker.Random;
        var domain = company + ".example";
        var employees = new List<SeedEmployee>(count);
        var usedEmails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var today = DateOnly.FromDateTime(anchor.UtcDateTime);

        for (var n = 1; n <= count; n++)
        {
            var id = n.ToString(CultureInfo.InvariantCulture);
            var (first, last) = n % 4 == 3
                ? NonAsciiNames[(n / 4) % NonAsciiNames.Length]
                : (faker.Name.FirstName(), faker.Name.LastName());
            var (location, country) = random.ArrayElement(Locations);
            var (department, division) = random.ArrayElement(Departments);
            var lastChanged = anchor - TimeSpan.FromSeconds(random.Int(1, (int)TimeSpan.FromDays(10).TotalSeconds));
            var isLeaver = n % 10 == 0 && n <= count - 3;

            DateOnly hire;
            string termination = "0000-00-00";
            DateTimeOffset created;
            if (id == RehireId)
            {
                hire = today.AddDays(-random.Int(2, 9));
                termination = Date(hire.AddDays(-random.Int(200, 900)));
                created = lastChanged - TimeSpan.FromDays(random.Int(1000, 2000));
            }
            else if (isLeaver)
            {
                hire = today.AddDays(-random.Int(400, 3000));
                termination = Date(today.AddDays(-random.Int(1, 300)));
                created = new DateTimeOffset(hire.AddDays(-14).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            }
            else if (random.Int(0, 9) == 0)
            {
                // A recent joiner: created inside the window, so changed-since reports Inserted.
                hire = today.AddDays(random.Int(-5, 14));
                created = lastChanged;
            }
            else
            {
                hire = today.AddDays(-random.Int(30, 3000));
                created = new DateTimeOffset(hire.AddDays(-14).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            }

            if (created > lastChanged)
            {
                created = lastChanged;
            }

            var email = $"{Slug(first)}.{Slug(last)}@{domain}";
            if (!usedEmails.Add(email))
            {
                email = $"{Slug(first)}.{Slug(last)}{id}@{domain}";
                usedEmails.Add(email);
            }

            employees.Add(new SeedEmployee
            {
                Id = id,
                EmployeeNumber = (10000 + n).ToString(CultureInfo.InvariantCulture),
                FirstName = first,
                LastName = last,
                PreferredName = random.Int(0, 7) == 0 ? random.ArrayElement(PreferredNames) : null,
                WorkEmail = email,
                Status = isLeaver ? "Inactive" : "Active",
                HireDate = Date(hire),
                TerminationDate = termination,
                Department = department,
                Division = division,
                JobTitle = faker.Name.JobTitle(),
                Location = location,
                Country = country,
                LastChanged = Timestamps.Format(lastChanged),
                Created = Timestamps.Format(created),
            });
        }

        var poison = new List<PoisonRecord>
        {
            new(employees[count - 3].Id!, "missing work email"),
            new(employees[count - 2].Id!, "invalid work email"),
            new(employees[count - 1].Id!, $"duplicate work email (same as employee {employees[0].Id})"),
        };
        employees[count - 3].WorkEmail = null;
        employees[count - 2].WorkEmail = "not-an-email";
        employees[count - 1].WorkEmail = employees[0].WorkEmail;

        var deleted = Enumerable.Range(count + 1, deletedCount)
            .Select(n => new SeedDeleted
            {
                Id = n.ToString(CultureInfo.InvariantCulture),
                LastChanged = Timestamps.Format(anchor - TimeSpan.FromSeconds(random.Int(1, (int)TimeSpan.FromDays(10).TotalSeconds))),
            })
            .ToList();

        return new SeedDocument
        {
            CompanyDomain = company,
            Employees = employees,
            Deleted = deleted,
            Poison = poison,
            RehireId = RehireId,
        };
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>ASCII local part from a name; InvariantGlobalization rules out Unicode normalisation.</summary>
    private static string Slug(string name)
    {
        var builder = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            builder.Append(c switch
            {
                >= 'a' and <= 'z' => c.ToString(),
                'à' or 'á' or 'â' or 'ä' or 'å' => "a",
                'è' or 'é' or 'ê' or 'ë' or 'ę' => "e",
                'ì' or 'í' or 'î' or 'ï' => "i",
                'ò' or 'ó' or 'ô' or 'ö' or 'ø' => "o",
                'ù' or 'ú' or 'û' or 'ü' => "u",
                'ñ' or 'ń' => "n",
                'ł' => "l",
                'ç' or 'ć' => "c",
                'ß' => "ss",
                'þ' => "th",
                'ð' => "d",
                'ś' => "s",
                'ź' or 'ż' => "z",
                _ => "",
            });
        }

        return builder.Length == 0 ? "staff" : builder.ToString();
    }
}
