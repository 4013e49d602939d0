using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using HaproxyRuntime.Client.Models;

namespace HaproxyRuntime.PowerShell.Completion;

/// <summary>What a completer learns from the command it completes for: this module's cmdlet class, by the name
/// PowerShell passes (already resolved from an alias).</summary>
internal static class CompletionTarget
{
    private static readonly Lazy<Dictionary<string, Type>> Cmdlets = new Lazy<Dictionary<string, Type>>(() =>
        typeof(HaproxyCmdlet).Assembly.GetTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<CmdletAttribute>()))
            .Where(x => x.Attribute != null && !x.Type.IsAbstract)
            .ToDictionary(x => x.Attribute!.VerbName + "-" + x.Attribute.NounName, x => x.Type, StringComparer.OrdinalIgnoreCase));

    /// <summary>The cmdlet class named <paramref name="commandName"/> ("Get-HaproxyBackend", or module-qualified), or null.</summary>
    public static Type? Cmdlet(string? commandName)
    {
        if (string.IsNullOrEmpty(commandName)) return null;
        string name = commandName!.Substring(commandName.LastIndexOf('\\') + 1);
        return Cmdlets.Value.TryGetValue(name, out var type) ? type : null;
    }

    /// <summary>Whether the parameter takes wildcards (then a name completed into it has its [ ] * ? escaped).</summary>
    public static bool SupportsWildcards(string? commandName, string? parameterName)
    {
        var property = parameterName is null ? null : Cmdlet(commandName)?.GetProperty(parameterName);
        return property != null && property.IsDefined(typeof(SupportsWildcardsAttribute), true);
    }

    /// <summary>For a parameter declared once in a generic base (the -Name of HaproxyListCmdlet&lt;T&gt; and
    /// HaproxyProxyCmdlet&lt;T&gt;): the object the cmdlet is about, its T.</summary>
    public static Type? ObjectType(string? commandName)
    {
        for (var type = Cmdlet(commandName); type != null; type = type.BaseType)
        {
            if (!type.IsGenericType) continue;
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(HaproxyListCmdlet<>) || definition == typeof(HaproxyProxyCmdlet<>)) return type.GetGenericArguments()[0];
        }
        return null;
    }

    /// <summary>The completer of a kind of object, or null.</summary>
    public static IArgumentCompleter? CompleterFor(Type? objectType) =>
        objectType == typeof(HaproxyBackend) ? new BackendCompleter()
        : objectType == typeof(HaproxyFrontend) ? new FrontendCompleter()
        : objectType == typeof(HaproxyMap) ? new MapCompleter()
        : objectType == typeof(HaproxyAcl) ? new AclCompleter()
        : objectType == typeof(HaproxyStickTable) ? new StickTableCompleter()
        : objectType == typeof(HaproxyCache) ? new CacheCompleter()
        : (IArgumentCompleter?)null;
}
