using System.Collections.Generic;
using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Answers;

/// <summary>Answers of the stick-table commands (HAProxy 3.4 src/stick_table.c: cli_parse_table_req,
/// table_process_entry_per_key, table_process_entry, table_prepare_data_request). The three commands share one parser,
/// so most refusals are common; a missing key is no refusal (an empty answer: nothing to show or clear), a pointer that
/// is no entry of the table is (table_process_entry_per_ptr). 2.6 to 3.2 word them alike, except where a rule names its
/// line; 2.6 has no ptr form.</summary>
public static partial class HaproxyAnswers
{
    /// <summary>What every form can answer: the table lookup, the key, and the key types the CLI cannot address.</summary>
    private static AnswerRule[] StickTableLookup(string verb) => new[]
    {
        No(Err, "No such table", Exact, HaproxyErrorKind.NotFound, "stick_table.c cli_parse_table_req"),
        No(Err, "Key value expected", Exact, HaproxyErrorKind.InvalidArgument, "stick_table.c table_process_entry_per_key"),
        No(Err, "Invalid key", Exact, HaproxyErrorKind.InvalidArgument, "stick_table.c table_process_entry_per_key"),
        No(Err, $"{verb} keys {(verb == "Inserting" ? "into" : "from")} tables of type other than ip, ipv6, string and integer is not supported", Exact,
            HaproxyErrorKind.InvalidOperation, "stick_table.c table_process_entry"),
        // ptr <p> (3.0+): the address is checked for its 0x form, read with strtoul, then looked for among the table's
        // own entries (stktable_lookup_ptr walks them), so an address of no entry of this table, another table's
        // included, is "not found", never followed.
        No(Err, "Pointer expected (0xffff notation)", Exact, HaproxyErrorKind.InvalidArgument, "stick_table.c table_process_entry_per_ptr"),
        No(Err, "Malformed ptr.", Exact, HaproxyErrorKind.InvalidArgument, "stick_table.c table_process_entry_per_ptr"),
        No(Err, "No entry can be found matching ptr.", Exact, HaproxyErrorKind.NotFound, "stick_table.c table_process_entry_per_ptr"),
    };

    /// <summary>The data filters of <c>show table</c> and <c>clear table</c> (each message names the filter's number).</summary>
    private static AnswerRule[] StickTableFilters() => new[]
    {
        No(Err, "Filter entry #", StartsWith, HaproxyErrorKind.InvalidArgument, "stick_table.c table_prepare_data_request"),
        No(Err, "Detected extra data in filter, ", StartsWith, HaproxyErrorKind.InvalidArgument, "stick_table.c table_prepare_data_request"),
    };

    /// <summary><c>show table</c> (the tables) and <c>show table &lt;t&gt; [key &lt;k&gt; | data.&lt;type&gt; &lt;op&gt;
    /// &lt;v&gt;…]</c> (a dump; empty when the key has no entry).</summary>
    public static readonly AnswerTable ShowTable = new AnswerTable("show table", false, Shared.PermissionDenied, Shared.UnknownCommand,
        StickTableLookup("Showing"), StickTableFilters(), new[]
        {
            No(Err, "Optional argument only supports \"data.<store_data_type>\" <operator> <value> ", StartsWith, HaproxyErrorKind.InvalidArgument, "stick_table.c cli_parse_table_req (2.6: \"… and key <key>\")"),
        });

    /// <summary><c>set table &lt;t&gt; key &lt;k&gt; [data.&lt;type&gt; &lt;v&gt;]*</c>: applied silently. The data are
    /// set in order and a refused one stops the rest, the entry created and the data before it set.</summary>
    public static readonly AnswerTable SetTable = new AnswerTable("set table", true, Shared.PermissionDenied, Shared.UnknownCommand,
        StickTableLookup("Inserting"), new[]
        {
            No(Err, "Unable to allocate a new entry", Exact, HaproxyErrorKind.InvalidOperation, "stick_table.c table_process_entry_per_key"),
            No(Err, "\"data.<type>\" followed by a value expected", Exact, HaproxyErrorKind.InvalidArgument, "stick_table.c table_process_entry"),
            No(Err, "Unknown data type", Exact, HaproxyErrorKind.InvalidArgument, "stick_table.c table_process_entry"),
            No(Err, "Data type not stored in this table", Exact, HaproxyErrorKind.InvalidArgument, "stick_table.c table_process_entry"),
            No(Err, "Require a valid integer value to store", Exact, HaproxyErrorKind.InvalidArgument, "stick_table.c table_process_entry"),
            No(Err, "index out of range in this data array", Exact, HaproxyErrorKind.InvalidArgument, "stick_table.c table_process_entry (3.2)"),
            No(Err, "Required arguments: <table> key <key> [data.<store_data_type> <value>]*", StartsWith, HaproxyErrorKind.InvalidArgument, "stick_table.c cli_parse_table_req"),
            No(Err, "content-based lookup is only supported with the \"show\" and \"clear\" actions", Exact, HaproxyErrorKind.InvalidArgument, "stick_table.c table_prepare_data_request"),
        });

    /// <summary><c>clear table &lt;t&gt; [key &lt;k&gt; | data.&lt;type&gt; &lt;op&gt; &lt;v&gt;…]</c>: applied
    /// silently (also for a key without an entry). Removing all or by filter skips the entries in use; removing one by
    /// key refuses it.</summary>
    public static readonly AnswerTable ClearTable = new AnswerTable("clear table", true, Shared.PermissionDenied, Shared.UnknownCommand,
        StickTableLookup("Removing"), StickTableFilters(), new[]
        {
            No(Err, "Entry currently in use, cannot remove", Exact, HaproxyErrorKind.NotRemovable, "stick_table.c table_process_entry"),
            No(Err, "Required arguments: <table> \"data.<store_data_type>\" <operator> <value> or <table> key <key>", StartsWith, HaproxyErrorKind.InvalidArgument, "stick_table.c cli_parse_table_req"),
        });
}
