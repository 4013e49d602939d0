using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Commands;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Adds an entry to a map (<c>add map</c>). Keys and values may contain spaces, ';' and '\': they are
/// escaped. HAProxy keeps duplicate keys as separate entries.</summary>
[Cmdlet(VerbsCommon.Add, "HaproxyMapEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(HaproxyMapEntry))]
public sealed class AddHaproxyMapEntryCommand : HaproxySessionCmdlet
{
    /// <summary>The map: its file name, <c>virt@name</c> for a virtual map, or <c>#id</c>.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Map { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public string Key { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
    public string Value { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var command = HaproxyCommands.AddMapEntry(Map, Key, Value);
        if (!ShouldProcess(command)) return;
        Invoke(session, command);
        if (PassThru)
        {
            var entry = new HaproxyMapEntry(Map, Key, Value);
            entry.AttachTo(session);
            WriteObject(entry);
        }
    }
}
