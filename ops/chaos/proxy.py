"""A TCP fault proxy: forwards every connection to one upstream and, on command, resets all of them at once.

It runs its own asyncio loop on a thread, so the driver can call `reset_all()` from anywhere. A reset aborts both
sides of every connection with SO_LINGER 0 (the peers see an RST, as after a NAT or load-balancer failure); the
listeners stay up, so clients reconnect through the proxy at once.
"""
import asyncio
import socket
import struct
import threading


class FaultProxy:
    """Listens on `hosts` (all on one port, picked by the kernel unless `port` is given) and forwards to `upstream`."""

    def __init__(self, name, upstream, hosts=("127.0.0.1",), port=0):
        self.name = name
        self.upstream = upstream
        self.hosts = list(hosts)
        self.port = port
        self.connections = 0
        self.resets = 0
        self._pairs = set()
        self._servers = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=f"proxy-{name}", daemon=True)

    def start(self):
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(timeout=10)
        return self

    async def _listen(self):
        for host in self.hosts:
            server = await asyncio.start_server(self._accept, host, self.port, reuse_address=True)
            if self.port == 0:
                self.port = server.sockets[0].getsockname()[1]
            self._servers.append(server)

    async def _accept(self, reader, writer):
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            _abort(writer)  # Upstream down: refuse, as the real service would.
            return
        pair = (writer, up_writer)
        self._pairs.add(pair)
        self.connections += 1
        try:
            await asyncio.gather(_pump(reader, up_writer), _pump(up_reader, writer))
        finally:
            self._pairs.discard(pair)
            _close(writer)
            _close(up_writer)

    def reset_all(self):
        """Resets every open connection (both legs); returns how many were cut."""
        return asyncio.run_coroutine_threadsafe(self._reset(), self._loop).result(timeout=10)

    async def _reset(self):
        pairs = list(self._pairs)
        for client, upstream in pairs:
            _abort(client)
            _abort(upstream)
        self.resets += 1
        return len(pairs)

    @property
    def open_connections(self):
        return len(self._pairs)

    def stop(self):
        if not self._thread.is_alive():
            return
        async def close():
            for server in self._servers:
                server.close()
            await self._reset()
        try:
            asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)


async def _pump(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (OSError, asyncio.CancelledError):
        pass
    finally:
        # A half-closed pair would keep a dead peer's other leg open: close the whole pair.
        _close(writer)


def _close(writer):
    """Closes a connection gracefully (FIN after what is buffered)."""
    try:
        writer.close()
    except (OSError, RuntimeError):
        pass


def _abort(writer):
    """Closes a connection with an RST (SO_LINGER 0) instead of a FIN."""
    try:
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    writer.transport.abort()
