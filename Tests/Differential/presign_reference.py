"""Reference presigned URLs for the differential test of AWSClient.presign: reads a JSON list of cases
from the file named by its argument and prints a JSON list of the URLs botocore makes for them, with
the clock fixed at each case's `time` (epoch seconds).

A case: {"service", "region", "operation" (botocore's snake_case name), "params", "expires",
"access_key", "secret_key", "token" (or null), "endpoint_url" (or null), "addressing_style" (or null),
"method" (or null)}; or {"rds_token": {"hostname", "port", "username"}, "region", "time", keys...}; or an S3 case
with "post": {"bucket", "key", "fields" (pairs), "conditions"} for generate_presigned_post, whose result is written
as the URL, then the fields sorted by name as name=value, one per line.
"""

import datetime
import json
import os
import sys
from unittest import mock

# botocore's own Python signers (SigV4QueryAuth, S3SigV4QueryAuth), as boto3 users have them, even
# where awscrt is installed for the checksum tests (botocore would then sign with awscrt).
os.environ["BOTO_DISABLE_CRT"] = "true"

import botocore.session
from botocore.config import Config

cases = json.load(open(sys.argv[1]))
session = botocore.session.get_session()
results = []
clients = {}
for case in cases:
    moment = datetime.datetime.fromtimestamp(case["time"], tz=datetime.timezone.utc)
    config = Config(signature_version="s3v4" if case.get("service") == "s3" else None,
                    s3={"addressing_style": case["addressing_style"]} if case.get("addressing_style") else None)
    # One client per configuration: creating a botocore client costs tens of milliseconds.
    settings = (case.get("service", "rds"), case["region"], case.get("endpoint_url"), case["access_key"], case["secret_key"],
                case.get("token"), case.get("addressing_style"))
    client = clients.get(settings)
    if client is None:
        client = clients[settings] = session.create_client(
            settings[0], region_name=case["region"], endpoint_url=case.get("endpoint_url"),
            aws_access_key_id=case["access_key"], aws_secret_access_key=case["secret_key"], aws_session_token=case.get("token"),
            config=config,
        )
    with mock.patch("botocore.auth.get_current_datetime", return_value=moment), \
         mock.patch("botocore.signers.datetime") as signer_datetime:
        signer_datetime.datetime.now.return_value = moment
        signer_datetime.timedelta = datetime.timedelta
        if "post" in case:
            # generate_presigned_post, written as the URL then the fields sorted by name, one per line.
            post = case["post"]
            with mock.patch("botocore.signers.get_current_datetime", return_value=moment):
                made = client.generate_presigned_post(
                    post["bucket"], post["key"], Fields=dict(post["fields"]), Conditions=post["conditions"], ExpiresIn=case["expires"],
                )
            results.append("\n".join([made["url"]] + ["%s=%s" % item for item in sorted(made["fields"].items())]))
        elif "rds_token" in case:
            token = case["rds_token"]
            results.append(client.generate_db_auth_token(token["hostname"], token["port"], token["username"], Region=case["region"]))
        else:
            results.append(client.generate_presigned_url(
                case["operation"], Params=case["params"], ExpiresIn=case["expires"], HttpMethod=case.get("method"),
            ))
print(json.dumps(results))
