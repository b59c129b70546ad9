namespace Pipeline.BambooHr.Tests;

/// <summary>Small hand-written seed documents; times are fixed so assertions are exact.</summary>
internal static class Seeds
{
    /// <summary>
    /// 1: changed 2026-01-01T00:30Z, created long before (Updated).
    /// 2: changed 2025-12-31T23:30Z, i.e. before 2026-01-01T00:00Z.
    /// 3: created and changed 2026-01-02T10:00Z (Inserted for a since before it).
    /// 4: Inactive leaver changed 2026-01-03T08:00Z. 9: deleted 2026-01-04T00:00Z.
    /// </summary>
    public const string Small = """
    {
      "companyDomain": "acme",
      "employees": [
        {"id":"1","employeeNumber":"1001","firstName":"Zoë","lastName":"Brontë","preferredName":null,
         "workEmail":"zoe.bronte@acme.example","status":"Active","hireDate":"2020-03-01","terminationDate":null,
         "department":"Engineering","division":"Technology","jobTitle":"Engineer","location":"London",
         "country":"United Kingdom","lastChanged":"2026-01-01T00:30:00Z","created":"2020-02-01T09:00:00Z"},
        {"id":"2","employeeNumber":"1002","firstName":"Łukasz","lastName":"Wójcik","preferredName":"Luke",
         "workEmail":"lukasz@acme.example","status":"Active","hireDate":"2021-05-10","terminationDate":"0000-00-00",
         "department":"Sales","division":"Commercial","jobTitle":"Account Executive","location":"Warsaw",
         "country":"Poland","lastChanged":"2025-12-31T23:30:00+00:00","created":"2021-05-01T09:00:00Z"},
        {"id":"3","employeeNumber":"1003","firstName":"José","lastName":"Núñez","preferredName":null,
         "workEmail":"jose@acme.example","status":"Active","hireDate":null,"terminationDate":null,
         "department":"Finance","division":"Corporate","jobTitle":"Analyst","location":"Madrid",
         "country":"Spain","lastChanged":"2026-01-02T11:00:00+0100"},
        {"id":"4","employeeNumber":"1004","firstName":"Søren","lastName":"Kierkegård","preferredName":null,
         "workEmail":"soren@acme.example","status":"Inactive","hireDate":"2019-01-07","terminationDate":"2025-12-19",
         "department":"People","division":"Corporate","jobTitle":"Recruiter","location":"Dublin",
         "country":"Ireland","lastChanged":"2026-01-03T08:00:00Z","created":"2019-01-01T00:00:00Z"}
      ],
      "deleted": [ {"id":"9","lastChanged":"2026-01-04T00:00:00Z"} ]
    }
    """;
}
