using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace HaproxyRuntime.PowerShell.Completion;

/// <summary>
/// The -Name declared once in a generic base for several kinds (HaproxyListCmdlet&lt;T&gt;: Get-HaproxyBackend,
/// -Frontend, -Map, -Acl; HaproxyProxyCmdlet&lt;T&gt;: the backend and frontend changes): an attribute cannot name a
/// type argument, so the kind is the T of the cmdlet PowerShell names (an alias arrives already resolved), and the
/// completion is that kind's completer.
/// </summary>
public sealed class ObjectNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
                                                          CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionTarget.CompleterFor(CompletionTarget.ObjectType(commandName))
            ?.CompleteArgument(commandName, parameterName, wordToComplete, commandAst, fakeBoundParameters)
        ?? new List<CompletionResult>();
}
