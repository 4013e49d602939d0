using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using HaproxyRuntime.Client;
using HaproxyRuntime.Client.Protocol;

namespace HaproxyRuntime.PowerShell;

/// <summary>Get-HaproxyCaFile and Get-HaproxyCrlFile: without names, HAProxy's list of files; with names (wildcards
/// matched against that list), each file's status and content, read one by one. The twins declare only their -Name
/// (each with its completer) and hand over their requests.</summary>
/// <typeparam name="TFile">The file type (HaproxyCaFile, HaproxyCrlFile).</typeparam>
public abstract class HaproxySslFileGetCmdlet<TFile> : HaproxySessionCmdlet where TFile : class
{
    private readonly Func<CliRequest<List<TFile>>> _list;
    private readonly Func<string, bool, CliRequest<TFile>> _detail;
    private readonly Func<TFile, string> _name;
    private readonly Func<TFile, bool> _isTransaction;
    private readonly string _noun;

    protected HaproxySslFileGetCmdlet(Func<CliRequest<List<TFile>>> list, Func<string, bool, CliRequest<TFile>> detail, Func<TFile, string> name,
                                      Func<TFile, bool> isTransaction, string noun)
    {
        _list = list;
        _detail = detail;
        _name = name;
        _isTransaction = isTransaction;
        _noun = noun;
    }

    /// <summary>The names the user gave (the twin's -Name).</summary>
    protected abstract string[]? Names { get; }

    /// <summary>The uncommitted transaction of the named file instead of the file in use.</summary>
    [Parameter]
    public SwitchParameter Transaction { get; set; }

    protected override void ProcessRecordWithSession(HaproxySession session)
    {
        var all = Invoke(session, _list()).Where(f => _isTransaction(f) == Transaction.IsPresent).ToList();
        if (Names is null)
        {
            WriteObject(all, enumerateCollection: true);
            return;
        }
        foreach (var file in WildcardFilter.Apply(WriteError, all, Names, _name, Transaction ? _noun + " transaction" : _noun).ToList())
        {
            Guarded(() => WriteObject(Invoke(session, _detail(_name(file), Transaction))), _name(file));
        }
    }
}
