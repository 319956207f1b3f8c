"""Who may read and who may add reports: bearer tokens, and the loopback rule for writes."""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass

from fastapi import Request

from observatory.api.errors import ApiError

def _bearer(request: Request) -> str | None:
    value = request.headers.get("authorization")
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "the Authorization header must be 'Bearer TOKEN'",
                       headers={"WWW-Authenticate": "Bearer"})
    return token.strip()


def _same(given: str, expected: str) -> bool:
    return secrets.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def is_loopback(host: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'; False for anything else or nothing."""
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Access:
    """Who may read and write; built once per app from the operator's tokens."""

    write_token: str | None
    read_token: str | None

    def check_read(self, request: Request) -> None:
        if not self.read_token:
            return
        token = _bearer(request)
        if token is None:
            raise ApiError(401, "unauthorized", "this server needs a token to read: send 'Authorization: Bearer TOKEN'",
                           headers={"WWW-Authenticate": "Bearer"})
        if not (_same(token, self.read_token) or (self.write_token and _same(token, self.write_token))):
            raise ApiError(403, "forbidden", "the token is not valid for reading")

    def check_write(self, request: Request) -> None:
        token = _bearer(request)
        if self.write_token:
            if token is None:
                raise ApiError(401, "unauthorized", "adding reports needs the write token: send 'Authorization: Bearer TOKEN'",
                               headers={"WWW-Authenticate": "Bearer"})
            if not _same(token, self.write_token):
                raise ApiError(403, "forbidden", "the token is not valid for adding reports")
            return
        client = request.client.host if request.client else None
        if not is_loopback(client):
            raise ApiError(403, "writes_disabled", "this server takes new reports from its own machine only; "
                           "the operator sets OBSERVATORY_API_TOKEN to accept them from the network")

    @property
    def write_mode(self) -> str:
        return "token" if self.write_token else "local"
