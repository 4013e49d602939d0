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
            (r, c) => PatternParsers.ParseList(Data(r, c), (id, file) => new HaproxyAcl(id, file)));

    public static CliRequest<List<HaproxyAclEntry>> GetAclEntries(string acl, int? version = null)
    {
        string a = CliArgument.PatternSetName(acl, "Acl");
        return new CliRequest<List<HaproxyAclEntry>>($"show acl {Version(version)}{a}", false, "List ACL entries", acl,
            (r, c) => PatternParsers.ParseAclEntries(acl, Data(r, c)));
    }

    public static CliRequest<CliDone> AddAclEntry(string acl, string pattern, int? version = null)
    {
        string a = CliArgument.PatternSetName(acl, "Acl");
        return new CliRequest<CliDone>($"add acl {Version(version)}{a} {CliArgument.Escape(pattern, "Pattern")}", true,
            "Add ACL entry", $"{acl} {pattern}", EmptyIsDone);
    }

    public static CliRequest<CliDone> RemoveAclEntry(string acl, string pattern)
    {
        string a = CliArgument.PatternSetName(acl, "Acl");
        string p = CliArgument.Escape(pattern, "Pattern");
        if (pattern.StartsWith("#", System.StringComparison.Ordinal))
        {
            throw new Errors.HaproxyArgumentException("Pattern",
                $"Pattern '{CliArgument.Printable(pattern)}' begins with '#', which HAProxy reads as an entry reference in 'del acl'. Remove it by its entry reference (#0x..., as 'show acl' lists it).");
        }
        return new CliRequest<CliDone>($"del acl {a} {p}", true, "Remove ACL entry", $"{acl} {pattern}", EmptyIsDone);
    }

    public static CliRequest<CliDone> RemoveAclEntryByRef(string acl, string reference)
    {
        string a = CliArgument.PatternSetName(acl, "Acl");
        string r = EntryReference(reference);
        return new CliRequest<CliDone>($"del acl {a} {r}", true, "Remove ACL entry", $"{acl} {r}", EmptyIsDone);
    }

    public static CliRequest<CliDone> ClearAcl(string acl, int? version = null)
    {
        string a = CliArgument.PatternSetName(acl, "Acl");
        return new CliRequest<CliDone>($"clear acl {Version(version)}{a}", true, "Clear ACL", acl, EmptyIsDone);
    }

    /// <summary><c>get acl a sample</c>: whether (and which pattern) HAProxy's matching selects for the sample.</summary>
    public static CliRequest<HaproxyPatternMatch> MatchAcl(string acl, string sample)
    {
        string a = CliArgument.PatternSetName(acl, "Acl");
        return new CliRequest<HaproxyPatternMatch>($"get acl {a} {CliArgument.Escape(sample, "Sample")}", false, "Match ACL", acl,
            (r, c) => PatternParsers.ParseMatch(acl, sample, Data(r, c)));
    }

    public static CliRequest<int> PrepareAcl(string acl) => Prepare("acl", acl);

    public static CliRequest<CliDone> CommitAcl(string acl, int version) => Commit("acl", acl, version);
}
