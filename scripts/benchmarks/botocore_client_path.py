"""botocore doing the client-path work of the Swift benchmark for GetImportedModel:
validate and serialize the input, build the request, sign it (SigV4), parse the response.
Prints the rate per second on one core."""

import json
import sys
import time

from botocore import parsers, serialize
from botocore.auth import SigV4Auth
from botocore.awsrequest import create_request_object, prepare_request_dict
from botocore.credentials import Credentials
from botocore.model import ServiceModel

iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
model_path = sys.argv[2]

model = ServiceModel(json.load(open(model_path)), "bedrock")
operation = model.operation_model("GetImportedModel")
serializer = serialize.create_serializer("rest-json", include_validation=True)
parser = parsers.create_parser("rest-json")
signer = SigV4Auth(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "bedrock", "us-east-1")
body = json.dumps({
    "modelArn": "arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefghijkl", "modelName": "my-imported-model",
    "jobName": "import-job-1", "jobArn": "arn:aws:bedrock:us-east-1:123456789012:model-import-job/abcdefghijkl",
    "modelDataSource": {"s3DataSource": {"s3Uri": "s3://my-bucket/model/"}}, "creationTime": "2025-03-21T10:15:30.123Z",
    "modelArchitecture": "llama3", "modelKmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "instructSupported": True, "customModelUnits": {"customModelUnitsPerModelCopy": 2, "customModelUnitsVersion": "1.0"},
}).encode()
headers = {"Content-Type": "application/json", "x-amzn-RequestId": "5f4f1b9e-0000-4000-8000-000000000000"}


def client_path():
    request_dict = serializer.serialize_to_request({"modelIdentifier": "my-imported-model"}, operation)
    prepare_request_dict(request_dict, endpoint_url="https://bedrock.us-east-1.amazonaws.com")
    request = create_request_object(request_dict)
    signer.add_auth(request)
    request.prepare()
    parsed = parser.parse({"status_code": 200, "headers": headers, "body": body}, operation.output_shape)
    assert parsed["customModelUnits"]["customModelUnitsPerModelCopy"] == 2


def sign_only():
    request = create_request_object({
        "method": "GET", "url": "https://bedrock.us-east-1.amazonaws.com/imported-models/my-imported-model",
        "headers": {}, "body": b"", "context": {}, "url_path": "/imported-models/my-imported-model", "query_string": "",
    })
    signer.add_auth(request)


def measure(label, function, count):
    for _ in range(min(500, count // 10)):
        function()
    start = time.perf_counter()
    for _ in range(count):
        function()
    elapsed = time.perf_counter() - start
    rate = count / elapsed
    print(f"{label}: {count} in {elapsed:.3f} s = {int(rate)} per second")
    return rate


client_rate = measure("botocore client path (GetImportedModel: validate, serialize, sign, parse)", client_path, iterations)
sign_rate = measure("botocore SigV4 signing", sign_only, iterations)
print(f"RESULT client_per_second={int(client_rate)} sign_per_second={int(sign_rate)}")
