"""Checks a request's SigV4 Authorization header with botocore's own signer, as AWS would: the
test servers (the Bedrock and Bedrock Runtime stand-ins) answer a wrongly signed request with 403."""

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.credentials import Credentials


def signature_problem(handler, body, access_key, secret_key, service="bedrock"):
    """Returns why the request's signature is wrong, or None when it is right."""
    authorization = handler.headers.get("Authorization", "")
    if not authorization.startswith("AWS4-HMAC-SHA256 "):
        return "missing or non-SigV4 Authorization header"
    fields = dict(part.strip().split("=", 1) for part in authorization[len("AWS4-HMAC-SHA256 "):].split(","))
    credential = fields["Credential"].split("/")
    if credential[0] != access_key:
        return f"unknown access key {credential[0]}"
    if credential[3] != service or credential[4] != "aws4_request":
        return f"wrong credential scope {fields['Credential']}"
    signed = fields["SignedHeaders"].split(";")
    for required in ("host", "x-amz-date"):
        if required not in signed:
            return f"{required} is not signed"
    headers = {name: handler.headers[name] for name in signed}
    host = handler.headers["Host"]
    request = AWSRequest(method=handler.command, url=f"http://{host}{handler.path}", headers=headers, data=body)
    request.context["timestamp"] = handler.headers["X-Amz-Date"]
    auth = SigV4Auth(Credentials(access_key, secret_key, handler.headers.get("X-Amz-Security-Token")), service, credential[2])

    def signed_headers(req):  # exactly the headers the client says it signed, as AWS does
        chosen = HTTPHeaders()
        for name in signed:
            chosen[name] = req.headers[name]
        return chosen

    auth.headers_to_sign = signed_headers
    canonical = auth.canonical_request(request)
    expected = auth.signature(auth.string_to_sign(request, canonical), request)
    if expected != fields["Signature"]:
        return f"signature mismatch; botocore's canonical request was:\n{canonical}"
    return None
