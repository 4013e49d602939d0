using System;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HaproxyRuntime.Client.Transport;

/// <summary>Creates an AF_UNIX endpoint on netstandard2.0, which does not expose <c>UnixDomainSocketEndPoint</c>.</summary>
/// <remarks>Every runtime we load in (.NET 8+ under pwsh 7, .NET Framework 4.8 on Windows 10+) has the real type, so it is
/// found by name; the hand-serialised fallback is kept for runtimes that lack it.</remarks>
internal static class UnixSocketEndPoint
{
    private static readonly Type? RuntimeType =
        Type.GetType("System.Net.Sockets.UnixDomainSocketEndPoint, System.Net.Sockets", throwOnError: false)
        ?? typeof(Socket).Assembly.GetType("System.Net.Sockets.UnixDomainSocketEndPoint", throwOnError: false);

    public static EndPoint Create(string path)
    {
        if (RuntimeType != null) return (EndPoint)Activator.CreateInstance(RuntimeType, path)!;
        return new SerializedUnixEndPoint(path);
    }

    private sealed class SerializedUnixEndPoint : EndPoint
    {
        private readonly string _path;

        public SerializedUnixEndPoint(string path) => _path = path;

        public override AddressFamily AddressFamily => AddressFamily.Unix;

        public override SocketAddress Serialize()
        {
            byte[] bytes = Encoding.UTF8.GetBytes(_path);
            var address = new SocketAddress(AddressFamily.Unix, 2 + bytes.Length + 1);
            for (int i = 0; i < bytes.Length; i++) address[2 + i] = bytes[i];
            return address;
        }

        public override EndPoint Create(SocketAddress socketAddress) => this;

        public override string ToString() => _path;
    }
}
