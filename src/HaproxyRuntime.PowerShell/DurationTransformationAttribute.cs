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
            // PowerShell reads an unquoted 2s as the Int16 literal 2 (the 's' suffix means short), so every numeric
            // type means seconds; that also keeps -Timeout 2s meaning two seconds, as written.
            case byte _:
            case sbyte _:
            case short _:
            case ushort _:
            case int _:
            case uint _:
            case long _:
            case ulong _:
            case float _:
            case double _:
            case decimal _:
                return TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case string s when HaproxyDuration.TryParse(s, out var parsed):
                return parsed;
            default:
                throw new ArgumentTransformationMetadataException(string.Format(CultureInfo.InvariantCulture,
                    "'{0}' is not a duration. Use a TimeSpan, a number of seconds, or HAProxy's form: 500ms, 2s, 1m, 1h.", value));
        }
    }
}
