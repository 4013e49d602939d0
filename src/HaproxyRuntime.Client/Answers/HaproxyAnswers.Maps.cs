using System.Collections.Generic;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Answers;

/// <summary>Answers of the map and ACL commands (HAProxy 3.4 src/map.c, src/pattern.c). Every one needs admin level on
/// 3.4 (2.6 to 3.2 also let an operator-level socket add and show map entries: seen on 2.6.12, 3.0.11 and 3.2.26); the
/// map and ACL forms differ only in the noun of some texts.</summary>
public static partial class HaproxyAnswers
{
    /// <summary>The answer tables of one kind of pattern list.</summary>
    public sealed class PatternSetAnswers
    {
        internal PatternSetAnswers(string word, string noun)
        {
            string unknown = $"Unknown {noun} identifier. Please use #<id> or <file>.";
            var lookup = new List<AnswerRule>
            {
                No(Err, unknown, Exact, HaproxyErrorKind.NotFound, "map.c pat_ref_lookup_ref"),
                No(Err, "Malformed identifier. Please use #<id> or <file>.", Exact, HaproxyErrorKind.InvalidArgument, "map.c"),
            };
            if (word != "map")
            {
                // 3.4.0 words del acl's refusal as a map's, and so do 2.6.12 and 3.0.11; 3.4.7 and 3.2.26 name the ACL
                // (fix ef191c46d).
                lookup.Add(No(Err, "Unknown map identifier. Please use #<id> or <file>.", Exact, HaproxyErrorKind.NotFound, "map.c cli_parse_del_map (3.4.0, 3.0, 2.6)"));
            }
            var missing = new[]
            {
                No(Err, $"Missing {noun} identifier.", Exact, HaproxyErrorKind.InvalidArgument, "map.c"),
            };
            var common = new IEnumerable<AnswerRule>[] { Shared.PermissionDenied, Shared.UnknownCommand, lookup };

            List = new AnswerTable($"show {word} [<name>]", false, common);
            Match = new AnswerTable($"get {word}", false, Shared.PermissionDenied, Shared.UnknownCommand, lookup, new[]
            {
                No(Err, $"Missing {noun} identifier and/or key.", Exact, HaproxyErrorKind.InvalidArgument, "map.c cli_parse_get_map"),
            });
            Add = new AnswerTable($"add {word}", true, Shared.PermissionDenied, Shared.UnknownCommand, lookup, new[]
            {
                No(Err, $"'add {word}' expects ", StartsWith, HaproxyErrorKind.InvalidArgument, "map.c cli_parse_add_map"),
                No(Err, "Version number in the future, please use 'prepare ", StartsWith, HaproxyErrorKind.InvalidArgument, "map.c cli_parse_add_map"),
                No(Err, "This ACL is shared with a map containing samples. ", StartsWith, HaproxyErrorKind.InvalidOperation, "map.c cli_parse_add_map"),
                No(Err, "Failed to add a key.", Exact, HaproxyErrorKind.Unknown, "map.c cli_parse_add_map"),
                No(Err, "out of memory", StartsWith, HaproxyErrorKind.Unknown, "pattern.c"),
                // Anything else is the key or value not parsing for an expression that uses the list (HAProxy's parser
                // message, which starts with the value: "'abc' is not a number.", "regex '(' is invalid ...").
                No(Err, string.Empty, StartsWith, HaproxyErrorKind.InvalidArgument, "map.c cli_parse_add_map, pattern.c parsers"),
            });
            Set = new AnswerTable($"set {word}", true, Shared.PermissionDenied, Shared.UnknownCommand, lookup, new[]
            {
                No(Err, $"'set {word}' expects three parameters: ", StartsWith, HaproxyErrorKind.InvalidArgument, "map.c cli_parse_set_map"),
                No(Err, "key or pattern not found.", Exact, HaproxyErrorKind.NotFound, "pattern.c pat_ref_set_elt_duplicate"),
                No(Err, "entry not found.", Exact, HaproxyErrorKind.NotFound, "pattern.c pat_ref_set"),
                No(Err, "unable to parse '", StartsWith, HaproxyErrorKind.InvalidArgument, "pattern.c pat_ref_set_elt"),
                No(Err, "Failed to update an entry.", Exact, HaproxyErrorKind.Unknown, "map.c cli_parse_set_map"),
            });
            Remove = new AnswerTable($"del {word}", true, Shared.PermissionDenied, Shared.UnknownCommand, lookup, new[]
            {
                No(Err, "This command expects two parameters: ", StartsWith, HaproxyErrorKind.InvalidArgument, "map.c cli_parse_del_map"),
                No(Err, "Key not found.", Exact, HaproxyErrorKind.NotFound, "map.c cli_parse_del_map"),
            });
            Clear = new AnswerTable($"clear {word}", true, Shared.PermissionDenied, Shared.UnknownCommand, lookup, missing);
            Prepare = new AnswerTable($"prepare {word}", false, Shared.PermissionDenied, Shared.UnknownCommand, lookup, new[]
            {
                Ok(Info, "New version created: ", StartsWith, "map.c cli_parse_prepare_map"),
            });
            Commit = new AnswerTable($"commit {word}", true, Shared.PermissionDenied, Shared.UnknownCommand, lookup, missing, new[]
            {
                No(Err, "Missing version number.", Exact, HaproxyErrorKind.InvalidArgument, "map.c cli_parse_commit_map"),
                No(Err, "Version number out of range.", Exact, HaproxyErrorKind.InvalidArgument, "map.c cli_parse_commit_map"),
            });
        }

        /// <summary><c>show map|acl</c>, with or without a name: a dump.</summary>
        public AnswerTable List { get; }
        /// <summary><c>get map|acl</c>: a dump (also when nothing matches).</summary>
        public AnswerTable Match { get; }
        public AnswerTable Add { get; }
        public AnswerTable Set { get; }
        /// <summary><c>del map|acl</c> (one matching entry per call on 3.4).</summary>
        public AnswerTable Remove { get; }
        public AnswerTable Clear { get; }
        /// <summary><c>prepare map|acl</c>: "New version created: N".</summary>
        public AnswerTable Prepare { get; }
        public AnswerTable Commit { get; }
    }

    /// <summary>The map commands.</summary>
    public static readonly PatternSetAnswers Map = new PatternSetAnswers("map", "map");

    /// <summary>The ACL commands.</summary>
    public static readonly PatternSetAnswers Acl = new PatternSetAnswers("acl", "ACL");
}
