using System.Text;

namespace Pipeline.Consumer.Benchmarks;

/// <summary>Moodle's answers to the benchmarked calls, fixed, so only the consumer's own CPU is measured.</summary>
internal static class CannedReplies
{
    public static byte[] Created(int count) =>
        Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Range(0, count).Select(i => $$"""{"id":{{i + 2}},"username":"u{{i}}"}""")) + "]");

    public static byte[] Updated() => Encoding.UTF8.GetBytes("""{"warnings":[]}""");
}
