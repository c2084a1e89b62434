using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Intelligence.TestSupport;

/// <summary>
/// A TCP forwarder on 127.0.0.1 that a test can cut and restore, to give one service a real network outage
/// (connections reset, new ones refused) without stopping a server other tests share.
/// </summary>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private TcpListener? _listener;
    private CancellationTokenSource _accepting = new();

    private TcpFaultProxy(string upstreamHost, int upstreamPort)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
    }

    public int Port { get; private set; }

    public int ConnectionsCut { get; private set; }

    public static TcpFaultProxy Start(string upstreamHost, int upstreamPort)
    {
        var proxy = new TcpFaultProxy(upstreamHost, upstreamPort);
        proxy.Listen(0);
        return proxy;
    }

    /// <summary>Resets every open connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _accepting.Cancel();
        _listener?.Stop();
        foreach (var client in _open.Keys)
        {
            // A pump may be disposing the same client as it ends; a reset on a closed socket is nothing to cut.
            try
            {
                client.Client?.LingerState = new LingerOption(true, 0);
                ConnectionsCut++;
            }
            catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
            {
            }

            client.Dispose();
        }

        _open.Clear();
    }

    public void Restore() => Listen(Port);

    public ValueTask DisposeAsync()
    {
        Cut();
        _accepting.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Listen(int port)
    {
        _accepting.Dispose();
        _accepting = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoop(_listener, _accepting.Token);
    }

    private async Task AcceptLoop(TcpListener listener, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            TcpClient downstream;
            try
            {
                downstream = await listener.AcceptTcpClientAsync(cancellation);
            }
            catch (Exception) when (cancellation.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(_upstreamHost, _upstreamPort, cancellation);
            }
            catch (Exception)
            {
                downstream.Dispose();
                upstream.Dispose();
                continue;
            }

            _open[downstream] = 0;
            _open[upstream] = 0;
            _ = Pump(downstream, upstream);
            _ = Pump(upstream, downstream);
        }
    }

    private async Task Pump(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception)
        {
            // A cut connection ends its pumps with an error; that is the point.
        }
        finally
        {
            _open.TryRemove(from, out _);
            _open.TryRemove(to, out _);
            from.Dispose();
            to.Dispose();
        }
    }
}
