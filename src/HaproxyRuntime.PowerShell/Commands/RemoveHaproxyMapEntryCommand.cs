using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Commands;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Removes map entries: every entry with -Key (<c>del map m key</c>, repeated while duplicates remain), or exactly one entry by -Ref, which
/// is what piping Get-HaproxyMapEntry uses, so duplicates are removed one by one.</summary>
[Cmdlet(VerbsCommon.Remove, "HaproxyMapEntry", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByRefSet)]
[OutputType(typeof(void))]
public sealed class RemoveHaproxyMapEntryCommand : HaproxySessionCmdlet
{
    private const string ByKeySet = "ByKey";
    private const string ByRefSet = "ByRef";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Map { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByKeySet, ValueFromPipelineByPropertyName = true)]
    public string Key { get; set; } = string.Empty;

    /// <summary>The entry reference (#0x...) from Get-HaproxyMapEntry.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByRefSet, ValueFromPipelineByPropertyName = true)]
    public string Ref { get; set; } = string.Empty;

    /// <summary>Bounds the by-key loop; each round deletes one entry, so it ends on its own long before this.</summary>
    private const int MaxDuplicates = 10_000_000;

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        if (ParameterSetName == ByRefSet)
        {
            var byRef = HaproxyCommands.RemoveMapEntryByRef(Map, Ref);
            if (ShouldProcess(byRef)) Invoke(session, byRef);
            return;
        }
        var command = HaproxyCommands.RemoveMapEntry(Map, Key);
        if (!ShouldProcess(command)) return;
        // HAProxy 3.4.7 deletes one matching entry per 'del map <key>' (its docs say all), so repeat until it reports
        // the key gone. The first call must find one: a missing key is an error; later "not found" means done.
        Invoke(session, command);
        for (int removed = 1; removed < MaxDuplicates; removed++)
        {
            try
            {
                Invoke(session, command);
            }
            catch (HaproxyCommandException ex) when (ex.Kind == HaproxyErrorKind.NotFound)
            {
                return;
            }
        }
    }
}
