namespace HaproxyRuntime.PowerShell;

/// <summary>Every ErrorId the module emits; tests assert on FullyQualifiedErrorId, so these are part of the API.</summary>
public static class ErrorIds
{
    public const string NoSession = "NoHaproxySession";
    public const string SessionNotFound = "HaproxySessionNotFound";
    public const string InvalidArgument = "InvalidHaproxyArgument";
    public const string ObjectNotFound = "HaproxyObjectNotFound";
    public const string ObjectExists = "HaproxyObjectExists";
    public const string PermissionDenied = "HaproxyPermissionDenied";
    public const string NotRemovable = "HaproxyObjectNotRemovable";
    public const string InvalidCommand = "HaproxyInvalidCommand";
    public const string InvalidOperation = "HaproxyInvalidOperation";
    public const string WaitTimeout = "HaproxyWaitTimeout";
    public const string UnexpectedResponse = "HaproxyUnexpectedResponse";
    public const string CommandFailed = "HaproxyCommandFailed";
    public const string ConnectionFailed = "HaproxyConnectionFailed";
    public const string OutcomeUnknown = "HaproxyOutcomeUnknown";
    public const string Timeout = "HaproxyTimeout";
    public const string ProtocolError = "HaproxyProtocolError";
    public const string WrongInputObject = "HaproxyWrongInputObject";
    public const string FeatureNotSupported = "HaproxyFeatureNotSupported";
    /// <summary>A command the endpoint's kind does not take: a master command on a worker's socket, -Worker there.</summary>
    public const string NotSupported = "HaproxyNotSupported";
}
