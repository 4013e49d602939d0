using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Protocol;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Sets a process-wide variable (<c>set var</c>, operator level, experimental mode for the request): to a
/// string exactly as given (-Value, sent as a format in which nothing is interpreted), or to the result of a sample
/// expression (-Expression).</summary>
[Cmdlet(VerbsCommon.Set, "HaproxyVariable", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ValueSet)]
[OutputType(typeof(HaproxyVariable))]
public sealed class SetHaproxyVariableCommand : HaproxySessionCmdlet
{
    private const string ValueSet = "Value";
    private const string ExpressionSet = "Expression";

    /// <summary>The variable, with its scope: proc.&lt;name&gt;.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Name { get; set; } = null!;

    /// <summary>The string to store, taken literally.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ValueSet, ValueFromPipelineByPropertyName = true)]
    public string Value { get; set; } = null!;

    /// <summary>A sample expression HAProxy evaluates (internal fetches and converters only).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ExpressionSet)]
    public string Expression { get; set; } = null!;

    /// <summary>Write the variable as HAProxy holds it afterwards (get var).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        CliRequest<CliDone> command = ParameterSetName == ExpressionSet
            ? HaproxyRequests.SetVariableExpression(Name, Expression)
            : HaproxyRequests.SetVariable(Name, Value);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
        if (PassThru) WriteObject(Invoke(session, HaproxyRequests.GetVariable(Name)));
    }
}
