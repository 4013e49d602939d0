using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists the open sessions of this runspace.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxySession", DefaultParameterSetName = "All")]
[OutputType(typeof(HaproxySession))]
public sealed class GetHaproxySessionCommand : HaproxyCmdlet
{
    [Parameter(Position = 0, ParameterSetName = "Id")]
    public int[]? Id { get; set; }

    [Parameter(ParameterSetName = "Name")]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    /// <summary>Only the default session(s): the set cmdlets use without -Session.</summary>
    [Parameter(ParameterSetName = "Default")]
    public SwitchParameter Default { get; set; }

    protected override void ProcessRecord()
    {
        var registry = SessionRegistry.Current;
        if (Default)
        {
            var defaults = registry.Defaults;
            if (defaults.Count > 0) WriteObject(defaults, enumerateCollection: true);
            else WriteError(ErrorRecordFactory.NoSession("There is no default HAProxy session."));
            return;
        }
        var all = registry.All;
        if (Id != null)
        {
            foreach (var id in Id)
            {
                var match = registry.WithId(id);
                if (match != null) WriteObject(match);
                else WriteError(ErrorRecordFactory.SessionNotFound($"No open HAProxy session has Id {id}.", id));
            }
            return;
        }
        if (Name != null)
        {
            foreach (var name in Name)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                var matches = all.Where(s => pattern.IsMatch(s.Name)).ToList();
                if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                {
                    WriteError(ErrorRecordFactory.SessionNotFound($"No open HAProxy session is named '{name}'.", name));
                }
                WriteObject(matches, enumerateCollection: true);
            }
            return;
        }
        WriteObject(all, enumerateCollection: true);
    }
}
