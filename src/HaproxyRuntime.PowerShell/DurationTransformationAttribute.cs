using System;
using System.Globalization;
using System.Management.Automation;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell;

/// <summary>Lets TimeSpan parameters take HAProxy's duration spelling (-Timeout 2s, 500ms, 1m) as well as a TimeSpan
/// or a number of seconds.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject pso ? pso.BaseObject : inputData;
        switch (value)
        {
            case TimeSpan ts:
                return ts;
            // PowerShell reads an unquoted 1d as the decimal 1 and 100us as the unsigned short 100: numbers whose
            // suffix is also one of HAProxy's units, with another meaning. Refused rather than read as seconds.
            case decimal d:
                throw Ambiguous(d, "d", "the decimal number");
            case ushort u:
                throw Ambiguous(u, "us", "the unsigned short number");
            // PowerShell reads an unquoted 2s as the Int16 literal 2 (the 's' suffix means short), so every other numeric
            // type means seconds; that also keeps -Timeout 2s meaning two seconds, as written.
            case byte _:
            case sbyte _:
            case short _:
            case int _:
            case uint _:
            case long _:
            case ulong _:
            case float _:
            case double _:
                return TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case string s when HaproxyDuration.TryParse(s, out var parsed):
                return parsed;
            default:
                throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                    "'{0}' is not a duration. Use a TimeSpan, a number of seconds, or HAProxy's form: 500ms, 2s, 1m, 1h.", value));
        }
    }

    private static ArgumentTransformationMetadataException Ambiguous(object number, string unit, string what) =>
        new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
            "PowerShell reads an unquoted {0}{1} as {2} {0}, not as a duration in '{1}': quote it ('{0}{1}'), or give a TimeSpan or a number of seconds.",
            number, unit, what));
}
