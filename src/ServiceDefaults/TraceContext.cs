using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;

namespace Pipeline.ServiceDefaults;

/// <summary>W3C trace context carried in SQS message attributes (traceparent / tracestate).</summary>
public static class TraceContext
{
    private static readonly TraceContextPropagator Propagator = new();

    public static void Inject(Activity? activity, IDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (activity is null)
        {
            return;
        }

        Propagator.Inject(
            new PropagationContext(activity.Context, Baggage.Current),
            attributes,
            static (carrier, key, value) => carrier[key] = value);
    }

    public static ActivityContext Extract(IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var context = Propagator.Extract(
            default,
            attributes,
            static (carrier, key) => carrier.TryGetValue(key, out var value) ? [value] : []);
        return context.ActivityContext;
    }
}
