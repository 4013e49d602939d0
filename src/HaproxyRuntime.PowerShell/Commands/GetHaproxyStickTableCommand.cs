using System.Management.Automation;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Requests;

namespace HaproxyRuntime.PowerShell.Commands;

/// <summary>Lists the stick tables (<c>show table</c>): name, key type, size and entries in use.</summary>
[Cmdlet(VerbsCommon.Get, "HaproxyStickTable")]
[OutputType(typeof(HaproxyStickTable))]
public sealed class GetHaproxyStickTableCommand : HaproxyListCmdlet<HaproxyStickTable>
{
    public GetHaproxyStickTableCommand() : base(HaproxyRequests.GetStickTables, t => new[] { t.Name }, "Stick table") { }
}
