using HaproxyRuntime.Client.Answers;
using System.Collections.Generic;
using HaproxyRuntime.Client.Models;
using HaproxyRuntime.Client.Parsing;
using HaproxyRuntime.Client.Protocol;
using static HaproxyRuntime.Client.Protocol.ReplyExpectations;

namespace HaproxyRuntime.Client.Requests;

/// <remarks>ACLs mirror maps, with one pattern instead of key and value. On 3.4.7 <c>add acl</c> takes no payload
/// (it answers "'add acl' expects two parameters"), so bulk ACL loads are pipelined single commands.</remarks>
public static partial class HaproxyRequests
{
    public static CliRequest<List<HaproxyAcl>> GetAcls() =>
        new CliRequest<List<HaproxyAcl>>("show acl", false, "List ACLs", "acls",
            (r, c) => PatternParsers.ParseList(HaproxyAnswers.Acl.List.Data(r, c), (id, file) => new HaproxyAcl(id, file)));

    public static CliRequest<List<HaproxyAclEntry>> GetAclEntries(string acl, int? version = null)
    {
        string a = CliArgument.PatternSetName(acl, "Acl");
        return InSet(acl, new CliRequest<List<HaproxyAclEntry>>($"show acl {Version(version)}{a}", false, "List ACL entries", acl,
            (r, c) => PatternParsers.ParseAclEntries(acl, HaproxyAnswers.Acl.List.Data(r, c))));
    }

    public static CliRequest<CliDone> AddAclEntry(string acl, string pattern, int? version = null)
    {
        string a = CliArgument.PatternSetName(acl, "Acl");
        return InSet(acl, new CliRequest<CliDone>($"add acl {Version(version)}{a} {CliArgument.Escape(pattern, "Pattern")}", true,
            "Add ACL entry", $"{acl} {pattern}", HaproxyAnswers.Acl.Add.Interpret));
    }

    public static CliRequest<CliDone> RemoveAclEntry(string acl, string pattern) => RemoveEntry(AclKind, acl, pattern);

    public static CliRequest<CliDone> RemoveAclEntryByRef(string acl, string reference) => RemoveEntryByRef(AclKind, acl, reference);

    public static CliRequest<CliDone> ClearAcl(string acl, int? version = null) => Clear(AclKind, acl, version);

    /// <summary><c>get acl a sample</c>: whether (and which pattern) HAProxy's matching selects for the sample.</summary>
    public static CliRequest<HaproxyPatternMatch> MatchAcl(string acl, string sample) => Match(AclKind, acl, sample);

    public static CliRequest<int> PrepareAcl(string acl) => Prepare(AclKind, acl);

    public static CliRequest<CliDone> CommitAcl(string acl, int version) => Commit(AclKind, acl, version);
}
