using System.Text;
using Pipeline.Contracts;

namespace Pipeline.BambooHr.Tests;

/// <summary>
/// The one-pass report reader must agree with the document parser on every answer: the same snapshots for what both
/// accept, and the document parser's own error for anything else (the reader hands those over).
/// </summary>
public sealed class CustomReportReaderTests
{
    private static readonly string[] Fields = [.. CustomReportParser.Fields];

    private static readonly string[] Values =
    [
        "\"plain\"", "\"\"", "null", "\"0000-00-00\"", "\"quote \\\" and backslash \\\\\"", "\"caf\\u00e9\"", "\"Zoë Ødegård\"",
        "\"line\\nbreak\"", "\"tab\\t\"", "\"emoji \\ud83d\\ude00\"", "1003", "true", "{\"value\":\"x\"}", "[\"a\"]",
    ];

    [Fact]
    public void Ten_thousand_random_answers_read_the_same_as_the_document_parser()
    {
        var random = new Random(20261123);
        var agreedOnSnapshots = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var (body, wanted, already) = RandomAnswer(random);
            var fast = Outcome(into => CustomReportParser.Parse(body, wanted, into), already);
            var slow = Outcome(into => CustomReportParser.ParseDocument(body, wanted, into), already);
            Assert.True(fast == slow, $"Answer {i} read differently.\nBody: {Encoding.UTF8.GetString(body.Span)}\nReader: {fast}\nDocument: {slow}");
            agreedOnSnapshots += slow.StartsWith("ok", StringComparison.Ordinal) ? 1 : 0;
        }

        // Both kinds must really be exercised: most answers well formed, and plenty refused.
        Assert.InRange(agreedOnSnapshots, 3_000, 9_900);
    }

    [Fact]
    public void A_well_formed_answer_is_read_by_the_one_pass_reader_itself()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"title":"r","fields":[{"id":"firstName","type":"text","name":"First"}],
             "employees":[{"workEmail":null,"id":"7","firstName":"A\"b","unknown":{"x":[1,2]},"country":"United Kingdom"},
                          {"id":"8","firstName":"Not wanted"}]}
            """);
        var read = new List<EmployeeSnapshot>();

        Assert.True(CustomReportReader.TryRead(body, new HashSet<string>(["7"], StringComparer.Ordinal), read));

        var only = Assert.Single(read);
        Assert.Equal(new EmployeeSnapshot { Id = "7", FirstName = "A\"b", Country = "United Kingdom" }, only);
    }

    /// <summary>The count and every snapshot afterwards (records compare by value), or the error.</summary>
    private static string Outcome(Func<Dictionary<string, EmployeeSnapshot>, int> parse, Dictionary<string, EmployeeSnapshot> already)
    {
        try
        {
            var into = new Dictionary<string, EmployeeSnapshot>(already, StringComparer.Ordinal);
            var count = parse(into);
            return $"ok {count}: " + string.Join("; ", into.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value.ToString()));
        }
        catch (BambooHrException ex)
        {
            return $"{ex.Code}: {ex.Message}";
        }
    }

    private static (ReadOnlyMemory<byte> Body, IReadOnlySet<string> Wanted, Dictionary<string, EmployeeSnapshot> Already) RandomAnswer(Random random)
    {
        var ids = Enumerable.Range(1, random.Next(0, 8)).Select(_ => random.Next(1, 12).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var wanted = ids.Where(_ => random.Next(4) > 0).Append("99").ToHashSet(StringComparer.Ordinal);
        var already = new Dictionary<string, EmployeeSnapshot>(StringComparer.Ordinal);
        if (random.Next(20) == 0 && ids.Count > 0)
        {
            already[ids[0]] = new EmployeeSnapshot { Id = ids[0] };
        }

        var rows = new List<string>();
        foreach (var id in ids)
        {
            var properties = new List<string>();
            var idText = random.Next(40) switch
            {
                0 => "\"x" + id + "\"",
                1 => id,
                2 => null,
                _ => "\"" + id + "\"",
            };
            if (idText is not null)
            {
                properties.Add("\"id\":" + idText);
            }

            foreach (var field in Fields.Where(_ => random.Next(3) > 0))
            {
                var value = random.Next(30) == 0 ? Values[random.Next(Values.Length)] : Values[random.Next(10)];
                var name = random.Next(200) == 0 ? field.Replace("a", "\\u0061", StringComparison.Ordinal) : field;
                properties.Add($"\"{name}\":{value}");
            }

            if (random.Next(10) == 0)
            {
                properties.Add("\"extra\":{\"nested\":[1,{\"id\":\"5\"}]}");
            }

            if (random.Next(30) == 0 && properties.Count > 0)
            {
                properties.Add(properties[random.Next(properties.Count)]); // a repeated property: the last one counts
            }

            Shuffle(random, properties);
            rows.Add(random.Next(100) == 0 ? "\"" + id + "\"" : "{" + string.Join(',', properties) + "}");
        }

        var employees = "[" + string.Join(',', rows) + "]";
        var top = new List<string> { "\"title\":\"pipeline-snapshots\"", "\"fields\":[]" };
        switch (random.Next(60))
        {
            case 0:
                break; // no employees array
            case 1:
                top.Add("\"employees\":{}");
                break;
            case 2:
                top.Add("\"employees\":[]");
                top.Add("\"employees\":" + employees);
                break;
            default:
                top.Add("\"employees\":" + employees);
                break;
        }

        Shuffle(random, top);
        var body = "{" + string.Join(',', top) + "}";
        body = random.Next(100) switch
        {
            0 => body[..(body.Length / 2)],
            1 => body + " {}",
            2 => "[" + body + "]",
            _ => body,
        };
        return (Encoding.UTF8.GetBytes(body), wanted, already);
    }

    private static void Shuffle(Random random, List<string> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
