"""A local SMTP relay on a real socket, for a worker process whose e-mail must be read back.

It accepts every message, keeps it (``messages``, parsed) unless told to discard, and serves
from a thread of the calling process until ``close()``. ``benchmarks/certificate_bulk.py``
uses it too, discarding what it receives.
"""

import asyncio
import email
import email.policy
import threading


class SMTPSink:
    def __init__(self, *, keep: bool = True):
        self.keep = keep
        self.messages: list[email.message.EmailMessage] = []
        self._loop = asyncio.new_event_loop()
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._session, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    async def _session(self, reader, writer):
        writer.write(b"220 sink ESMTP\r\n")
        while line := await reader.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                writer.write(b"354 go ahead\r\n")
                await writer.drain()
                lines = []
                while (data := await reader.readline()) not in (b".\r\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)  # dot-unstuffing
                if self.keep:
                    self.messages.append(
                        email.message_from_bytes(b"".join(lines), policy=email.policy.default)
                    )
                writer.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                break
            else:  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
                writer.write(b"250 ok\r\n")
            await writer.drain()
        writer.close()

    def close(self) -> None:
        self._server.close()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
