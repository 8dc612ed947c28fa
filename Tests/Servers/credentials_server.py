"""Stand-ins for the credential endpoints a client meets outside a laptop (standard library only),
on one port of 127.0.0.1, behaving as the real ones do:

  IMDSv2        PUT /latest/api/token (needs x-aws-ec2-metadata-token-ttl-seconds, 1..21600;
                answers a token; X-Forwarded-For is refused, as the real service refuses proxied
                token requests), GET /latest/meta-data/iam/security-credentials/ (the role's name)
                and .../<role> (credentials that expire after the configured lifetime). Without a
                valid, unexpired token: 401. Tokens expire after their TTL or on /control/expire-tokens.
  container     GET /ecs/credentials: needs Authorization equal to the configured token; else 401.
  SSO portal    GET /sso/federation/credentials?account_id=..&role_name=..: needs the
                x-amz-sso_bearer_token header equal to the current access token; else 401.
  SSO OIDC      POST /oidc/token {"grantType": "refresh_token", "clientId", "clientSecret",
                "refreshToken"}: answers a new access token (and makes it the current one).

Control (POST, JSON body): /control/configure {"lifetime": seconds, "containerToken": ...,
"ssoToken": ..., "refreshToken": ..., "imdsStatus": 403 (IMDS off, or too many hops) or 405 (no
tokens: IMDSv1, whose GETs need none) for the token request};
/control/outage {"seconds": n} makes every IMDS path refuse connections (answer 503 and close)
for n seconds; /control/expire-tokens; GET /control/stats counts requests by kind.
Every credentials answer carries a new access key id (KEY<kind><n>), so a test sees each refresh.
"""

import json
import secrets
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

from local_server import serve

ROLE = "test-instance-role"
lock = threading.Lock()
state = {
    "lifetime": 3600, "containerToken": "container-secret-token", "ssoToken": "sso-access-token",
    "refreshToken": "sso-refresh-token", "imdsStatus": None, "outageUntil": 0.0, "tokens": {}, "stats": {}, "issued": 0,
}


def expiration():
    moment = datetime.now(timezone.utc) + timedelta(seconds=state["lifetime"])
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def count(kind):
    state["stats"][kind] = state["stats"].get(kind, 0) + 1


def new_key(kind):
    state["issued"] += 1
    return f"KEY{kind}{state['issued']}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", content_type="application/json", headers=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def imds_down(self):
        if time.time() < state["outageUntil"]:
            count("imds-refused")
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            return True
        return False

    def valid_imds_token(self):
        token = self.headers.get("x-aws-ec2-metadata-token")
        if token is None and state["imdsStatus"] in (404, 405):
            return True  # an instance that still allows IMDSv1 and offers no tokens
        expires = state["tokens"].get(token)
        return expires is not None and expires > time.time()

    def do_PUT(self):
        path = urlparse(self.path).path
        self.body()
        with lock:
            if path != "/latest/api/token":
                return self.answer(404, {"message": "not found"})
            if self.imds_down():
                return
            count("imds-token")
            if state["imdsStatus"]:
                return self.answer(state["imdsStatus"], "", "text/plain")
            if self.headers.get("X-Forwarded-For"):
                return self.answer(403, "", "text/plain")
            try:
                ttl = int(self.headers.get("x-aws-ec2-metadata-token-ttl-seconds", ""))
            except ValueError:
                return self.answer(400, "", "text/plain")
            if not 1 <= ttl <= 21600:
                return self.answer(400, "", "text/plain")
            token = secrets.token_urlsafe(24)
            state["tokens"][token] = time.time() + ttl
            return self.answer(200, token, "text/plain", {"x-aws-ec2-metadata-token-ttl-seconds": str(ttl)})

    def do_GET(self):
        url = urlparse(self.path)
        with lock:
            if url.path == "/control/stats":
                return self.answer(200, state["stats"])
            if url.path.startswith("/latest/"):
                if self.imds_down():
                    return
                count("imds-get")
                if not self.valid_imds_token():
                    count("imds-401")
                    return self.answer(401, "", "text/plain")
                if url.path == "/latest/meta-data/iam/security-credentials/":
                    return self.answer(200, ROLE, "text/plain")
                if url.path == f"/latest/meta-data/iam/security-credentials/{ROLE}":
                    count("imds-credentials")
                    return self.answer(200, {
                        "Code": "Success", "LastUpdated": expiration(), "Type": "AWS-HMAC", "AccessKeyId": new_key("IMDS"),
                        "SecretAccessKey": "imds-secret", "Token": "imds-session-token", "Expiration": expiration(),
                    })
                return self.answer(404, "", "text/plain")
            if url.path == "/ecs/credentials":
                count("container")
                if self.headers.get("Authorization") != state["containerToken"]:
                    return self.answer(401, {"message": "invalid authorization token"})
                return self.answer(200, {
                    "AccessKeyId": new_key("ECS"), "SecretAccessKey": "ecs-secret", "Token": "ecs-session-token",
                    "Expiration": expiration(), "RoleArn": "arn:aws:iam::123456789012:role/task",
                })
            if url.path == "/sso/federation/credentials":
                count("sso")
                query = parse_qs(url.query)
                if self.headers.get("x-amz-sso_bearer_token") != state["ssoToken"]:
                    return self.answer(401, {"message": "Session token not found or invalid"})
                if query.get("account_id") != ["123456789012"] or not query.get("role_name"):
                    return self.answer(403, {"message": "No access"})
                ms = int((time.time() + state["lifetime"]) * 1000)
                return self.answer(200, {"roleCredentials": {
                    "accessKeyId": new_key("SSO"), "secretAccessKey": "sso-secret", "sessionToken": "sso-session-token", "expiration": ms,
                }})
            return self.answer(404, {"message": "not found"})

    def do_POST(self):
        url = urlparse(self.path)
        body = self.body()
        with lock:
            if url.path == "/control/configure":
                state.update(json.loads(body or b"{}"))
                return self.answer(200, {})
            if url.path == "/control/outage":
                state["outageUntil"] = time.time() + float(json.loads(body)["seconds"])
                return self.answer(200, {})
            if url.path == "/control/expire-tokens":
                state["tokens"] = {token: 0 for token in state["tokens"]}
                return self.answer(200, {})
            if url.path == "/control/reset-stats":
                state["stats"] = {}
                return self.answer(200, {})
            if url.path == "/oidc/token":
                count("oidc")
                request = json.loads(body or b"{}")
                if request.get("grantType") != "refresh_token" or request.get("refreshToken") != state["refreshToken"]:
                    return self.answer(400, {"error": "invalid_grant"})
                state["ssoToken"] = "sso-access-token-" + secrets.token_hex(4)
                state["refreshToken"] = "sso-refresh-token-" + secrets.token_hex(4)
                return self.answer(200, {
                    "accessToken": state["ssoToken"], "expiresIn": 28800, "tokenType": "Bearer", "refreshToken": state["refreshToken"],
                })
            return self.answer(404, {"message": "not found"})


if __name__ == "__main__":
    serve(Handler)
