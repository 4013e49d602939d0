using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell;

/// <summary>
/// Shape shared by the Get- cmdlets that list one kind of named object (backends, frontends, maps, ACLs): one read,
/// then -Name filters with wildcards (see <see cref="WildcardFilter"/>). -Name binds piped strings by value only: a
/// piped server or map entry also has a Name, and must never be taken for the name of another kind of object.
/// </summary>
/// <typeparam name="T">The object listed.</typeparam>
public abstract class HaproxyListCmdlet<T> : HaproxySessionCmdlet
{
    private readonly Func<CliRequest<List<T>>> _list;
    private readonly Func<T, string[]> _names;
    private readonly string _noun;

    /// <param name="list">Builds the request that lists every object.</param>
    /// <param name="names">The names an object answers to (a map: its file and '#id').</param>
    /// <param name="noun">The kind, for messages ("Backend", "ACL").</param>
    protected HaproxyListCmdlet(Func<CliRequest<List<T>>> list, Func<T, string[]> names, string noun)
    {
        _list = list;
        _names = names;
        _noun = noun;
    }

    /// <summary>Name(s) to list, wildcards allowed; all when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.ObjectNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session) =>
        WriteObject(WildcardFilter.Apply(WriteError, Invoke(session, _list()), Name, _names, _noun).ToList(), enumerateCollection: true);
}
