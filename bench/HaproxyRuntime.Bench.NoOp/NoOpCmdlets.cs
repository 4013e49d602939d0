using System.Collections;
using System.Management.Automation;

namespace HaproxyRuntime.Bench.NoOp;

/// <summary>Binds like Add-HaproxyMapEntry (Map/Key/Value by property name, or -Entry) and does nothing.</summary>
[Cmdlet(VerbsCommon.Add, "NoOpMapEntry", DefaultParameterSetName = "Single")]
public sealed class AddNoOpMapEntryCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Map { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = "Single", ValueFromPipelineByPropertyName = true)]
    public string Key { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 2, ParameterSetName = "Single", ValueFromPipelineByPropertyName = true)]
    public string Value { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = "Dictionary")]
    public IDictionary? Entry { get; set; }

    private long _count;

    protected override void ProcessRecord() => _count++;
}

/// <summary>Binds like Set-HaproxyServerState (Backend/Name by property name, -State) and does nothing.</summary>
[Cmdlet(VerbsCommon.Set, "NoOpServerState")]
public sealed class SetNoOpServerStateCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Backend { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("Server")]
    public string Name { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 2)]
    public string State { get; set; } = string.Empty;

    private long _count;

    protected override void ProcessRecord() => _count++;
}

/// <summary>Binds like Invoke-HaproxyCommand (-Command, positional) and writes one string, as a one-line answer would:
/// the floor of a PowerShell loop calling a cmdlet and passing its output on.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "NoOpCommand")]
public sealed class InvokeNoOpCommandCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public string[] Command { get; set; } = System.Array.Empty<string>();

    protected override void ProcessRecord() => WriteObject("3.4.7-1");
}

/// <summary>Declared exactly like Invoke-HaproxyCommand — SupportsShouldProcess (so -WhatIf/-Confirm are bound), a
/// validated positional -Command from the pipeline or by property name, and a -Session array — and writes one string:
/// what PowerShell itself charges for calling a cmdlet of that signature in a loop.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "NoOpSignatureCommand", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(string))]
public sealed class InvokeNoOpSignatureCommandCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Command { get; set; } = System.Array.Empty<string>();

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public object[]? Session { get; set; }

    protected override void ProcessRecord() => WriteObject("3.4.7-1");
}
