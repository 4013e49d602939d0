using HaproxyRuntime.Client.Errors;

namespace HaproxyRuntime.Client.Protocol;

/// <summary>The outcome of one command of a batch: its result, or the error that command alone met.</summary>
public sealed class CliOutcome<T>
{
    internal CliOutcome(CliRequest<T> command, T result, HaproxyException? error)
    {
        Command = command;
        Result = result;
        Error = error;
    }

    public CliRequest<T> Command { get; }

    /// <summary>The interpreted answer; default when <see cref="Error"/> is set.</summary>
    public T Result { get; }

    public HaproxyException? Error { get; }

    public bool Succeeded => Error is null;
}
