"""The reference side of the input-event-stream signing test (EventStreamSigningTests.swift).

botocore has no event signing (boto3 sends no input streams); AWS's own pure-Python signer is in the
amazon-transcribe package (amazon_transcribe.eventstream.EventSigner), which scripts/test.sh installs.

sign CASE_FILE
    CASE_FILE is JSON: access_key, secret_key, region, service, seed (hex), date (epoch seconds),
    messages (hex, each an encoded event-stream message). Prints JSON: the hex of each signed
    envelope as amazon-transcribe writes it, chained from the seed, then the envelope that ends the
    stream (an empty payload).
"""
import datetime
import json
import sys
from binascii import unhexlify

from amazon_transcribe.auth import Credentials
from amazon_transcribe.eventstream import EventSigner, EventStreamMessageSerializer


def main():
    case = json.load(open(sys.argv[2]))
    moment = datetime.datetime.fromtimestamp(case["date"], tz=datetime.timezone.utc)
    signer = EventSigner(case["service"], case["region"], utc_now=lambda: moment)
    serializer = EventStreamMessageSerializer()
    credentials = Credentials(case["access_key"], case["secret_key"])
    prior = unhexlify(case["seed"])
    envelopes = []
    for message in [unhexlify(m) for m in case["messages"]] + [b""]:
        headers = signer.sign(message, prior, credentials)
        prior = headers[":chunk-signature"]
        envelopes.append(serializer.serialize(headers, message).hex())
    print(json.dumps({"envelopes": envelopes}))


if __name__ == "__main__":
    assert sys.argv[1] == "sign", sys.argv
    main()
