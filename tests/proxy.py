"""A TCP proxy on loopback that a test can cut (drop every connection) and restore."""

from __future__ import annotations

import socket
import threading


#: A Bolt COMMIT message in its chunk: size 2, struct marker B0, signature 12, end of message.
BOLT_COMMIT = b"\x00\x02\xb0\x12\x00\x00"


class CuttableProxy:
    """Forwards 127.0.0.1:<port> to a target; ``cut()`` drops the network, ``restore()`` brings it back."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.blocked = False
        self.drop_after_commit = 0  # drop the connection right after the next N COMMIT messages
        self.commits_dropped = 0
        self._clients: set[socket.socket] = set()
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.blocked:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update({client, upstream})
                self._clients.add(client)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data or self.blocked:
                    break
                sink.sendall(data)
                if self.drop_after_commit and source in self._clients and BOLT_COMMIT in data:
                    # The server has the COMMIT; the client will never hear back: its state is unknown.
                    self.drop_after_commit -= 1
                    self.commits_dropped += 1
                    threading.Timer(0.2, self._close, args=(source, sink)).start()
                    return
        except OSError:
            pass
        finally:
            self._close(source, sink)

    @staticmethod
    def _close(*sockets: socket.socket) -> None:
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def drop(self) -> None:
        """Drop every open connection, but accept new ones."""
        with self._lock:
            sockets, self._sockets = list(self._sockets), set()
        self._close(*sockets)

    def cut(self) -> None:
        """Drop every open connection and refuse new ones."""
        self.blocked = True
        self.drop()

    def restore(self) -> None:
        self.blocked = False

    def close(self) -> None:
        self._closed = True
        self.cut()
        self._listener.close()
