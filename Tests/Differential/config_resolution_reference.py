"""Generates client configurations (environment variables x shared credentials file x config
file x client options, hostile ones included) and resolves each with botocore's Session, for the
differential test of the runtime's settings resolver and default credential chain.

Usage: config_resolution_reference.py SEED COUNT FOLDER STS_ENDPOINT
Where the config file has role profiles, roles are assumed at STS_ENDPOINT (moto) through
AWS_ENDPOINT_URL_STS, by both sides, and assumed keys (random) compare by their ASIA prefix. Writes each case's files under FOLDER/<n>/ and prints a JSON list of
{"environment": {...}, "options": {...}, "service": "sqs"|"sts", "result": {...}} where result is
{"url", "signingRegion", "accessKey", "source", "retryMode", "maxAttempts", "userAgentApp"} or
{"error": <botocore exception class name>}.
"""

import json
import os
import random
import stat
import sys

# botocore reads AWS_NEW_RETRIES_2026 when imported: the standard retry mode by default, as every
# other AWS SDK and this runtime do.
os.environ["AWS_NEW_RETRIES_2026"] = "true"

import botocore.session  # noqa: E402
from botocore.awsrequest import AWSResponse  # noqa: E402
from botocore.config import Config  # noqa: E402

REGIONS = ["us-east-1", "eu-west-1", "us-gov-west-1", "cn-north-1", "ap-southeast-2", "us-west-2", "eu-central-1"]
PROFILES = ["default", "dev", "prod"]
ROLE_PROFILES = ["role", "chain"]
ENDPOINTS = ["http://localhost:4566", "https://vpce.example.com", "http://127.0.0.1:9000/base"]
BOOLEANS = ["true", "false", "TRUE", "True", "1", "no"]


class Stop(Exception):
    pass


def profile_section(rng, name, kind, script):
    """The lines of one profile's section: settings drawn from what botocore reads."""
    lines = []
    if kind == "config":
        lines.append("[default]" if name == "default" and rng.random() < 0.7 else f"[profile {name}]")
    else:
        lines.append(f"[{name}]")
    if rng.random() < 0.1:
        lines[0] += rng.choice([" # a comment", " ; note"])
    roll = rng.random()
    if roll < 0.45:
        lines.append(f"aws_access_key_id = {kind.upper()}{name.upper()}KEY")
        lines.append(f"aws_secret_access_key = secret/{kind}/{name}")
        if rng.random() < 0.3:
            lines.append(f"aws_session_token = token-{name}")
    elif roll < 0.52:
        lines.append(rng.choice([f"aws_access_key_id = HALF{name.upper()}", "aws_secret_access_key = onlysecret"]))
    if kind == "config":
        if rng.random() < 0.15:
            lines.append(f"credential_process = {script} {name}")
        if rng.random() < 0.7:
            lines.append(f"region = {rng.choice(REGIONS)}")
        if rng.random() < 0.15:
            lines.append(f"endpoint_url = {rng.choice(ENDPOINTS)}")
        if rng.random() < 0.12:
            lines.append(f"services = {rng.choice(['local', 'local', 'missing'])}")
        for key, chance, values in [
            ("use_fips_endpoint", 0.12, BOOLEANS), ("use_dualstack_endpoint", 0.12, BOOLEANS),
            ("retry_mode", 0.15, ["standard", "legacy", "adaptive", "standard", "legacy", "bogus"]),
            ("max_attempts", 0.15, ["1", "2", "4", "7", "x"]),
            ("ignore_configured_endpoint_urls", 0.06, ["true", "false"]),
            ("sts_regional_endpoints", 0.1, ["legacy", "regional"]),
            ("sdk_ua_app_id", 0.06, ["my-app", "team/app"]),
        ]:
            if rng.random() < chance:
                lines.append(f"{key} = {rng.choice(values)}")
    elif rng.random() < 0.1:
        lines.append(f"region = {rng.choice(REGIONS)}")
    return lines


def role_sections(rng):
    """Profiles that assume a role: from another profile (maybe one without credentials, maybe
    another role), from the environment, or misconfigured."""
    lines = ["[profile role]", "role_arn = arn:aws:iam::123456789012:role/generated"]
    roll = rng.random()
    if roll < 0.6:
        lines.append(f"source_profile = {rng.choice(PROFILES + ['nosuch'])}")
    elif roll < 0.85:
        lines.append("credential_source = Environment")
    elif roll < 0.93:
        lines += ["source_profile = dev", "credential_source = Environment"]
    else:
        lines.append("credential_source = Nowhere")
    if rng.random() < 0.3:
        lines.append(f"region = {rng.choice(REGIONS)}")
    lines += ["", "[profile chain]", "role_arn = arn:aws:iam::123456789012:role/chained",
              f"source_profile = {rng.choice(['role', 'role', 'chain'])}", ""]
    return lines


def config_text(rng, script):
    lines = []
    for name in rng.sample(PROFILES, rng.randint(0, 3)):
        lines += profile_section(rng, name, "config", script)
        lines.append("")
    has_roles = rng.random() < 0.25
    if has_roles:
        lines += role_sections(rng)
    if rng.random() < 0.35:
        lines += ["[services local]", "sqs =", f"  endpoint_url = {rng.choice(ENDPOINTS)}", "sts =",
                  f"  endpoint_url = {rng.choice(ENDPOINTS)}", ""]
    if rng.random() < 0.03:
        lines += ["[profile dev]", "region = us-west-2"]  # a second [profile dev], or the first: both parsers must agree
    return "\n".join(lines) + "\n", has_roles


def credentials_text(rng):
    lines = []
    for name in rng.sample(PROFILES, rng.randint(0, 2)):
        lines += profile_section(rng, name, "credentials", "")
        lines.append("")
    return "\n".join(lines) + "\n"


def environment(rng):
    env = {}
    pool = [
        ("AWS_PROFILE", 0.25, PROFILES * 4 + ["nosuch"]), ("AWS_DEFAULT_PROFILE", 0.08, PROFILES),
        ("AWS_DEFAULT_REGION", 0.7, REGIONS), ("AWS_ENDPOINT_URL", 0.12, ENDPOINTS),
        ("AWS_ENDPOINT_URL_SQS", 0.1, ENDPOINTS + ["not a url"]), ("AWS_ENDPOINT_URL_STS", 0.08, ENDPOINTS),
        ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", 0.08, BOOLEANS), ("AWS_USE_FIPS_ENDPOINT", 0.12, BOOLEANS),
        ("AWS_USE_DUALSTACK_ENDPOINT", 0.12, BOOLEANS), ("AWS_RETRY_MODE", 0.12, ["standard", "legacy", "adaptive"]),
        ("AWS_MAX_ATTEMPTS", 0.12, ["1", "3", "5", "8"]), ("AWS_STS_REGIONAL_ENDPOINTS", 0.1, ["legacy", "regional"]),
        ("AWS_SDK_UA_APP_ID", 0.05, ["envapp"]),
    ]
    for name, chance, values in pool:
        if rng.random() < chance:
            env[name] = rng.choice(values)
    roll = rng.random()
    if roll < 0.5:
        env["AWS_ACCESS_KEY_ID"] = "ENVKEY"
        env["AWS_SECRET_ACCESS_KEY"] = "envsecret"
        if rng.random() < 0.3:
            env["AWS_SESSION_TOKEN"] = "envtoken"
    elif roll < 0.53:
        env["AWS_ACCESS_KEY_ID"] = "ENVHALF"
    return env


def options(rng):
    result = {}
    if rng.random() < 0.2:
        result["region"] = rng.choice(REGIONS)
    if rng.random() < 0.1:
        result["endpoint"] = rng.choice(ENDPOINTS)
    if rng.random() < 0.12:
        result["profile"] = rng.choice(PROFILES * 3 + ["nosuch"])
    if rng.random() < 0.08 and "endpoint" not in result:
        # FIPS set in code together with an endpoint set in code is refused by this runtime and
        # silently dropped by botocore (a documented difference), so the generator keeps them apart.
        result["useFIPS"] = rng.random() < 0.5
    if rng.random() < 0.08:
        result["retryMode"] = rng.choice(["standard", "legacy", "adaptive"])
    if rng.random() < 0.08:
        result["maxAttempts"] = rng.randint(1, 6)
    return result


def resolve(case, folder):
    env = dict(case["environment"])
    opts = case["options"]
    os.environ.clear()
    os.environ.update(env)
    session = botocore.session.Session(profile=opts.get("profile"))
    config_kwargs = {}
    if "useFIPS" in opts:
        config_kwargs["use_fips_endpoint"] = opts["useFIPS"]
    retries = {}
    if "retryMode" in opts:
        retries["mode"] = opts["retryMode"]
    if "maxAttempts" in opts:
        retries["total_max_attempts"] = opts["maxAttempts"]
    if retries:
        config_kwargs["retries"] = retries
    captured = {}

    def capture(request, **kwargs):
        captured["url"] = request.url
        captured["authorization"] = request.headers.get("Authorization", b"")
        captured["agent"] = request.headers.get("User-Agent", b"")
        raise Stop()

    try:
        client = session.create_client(
            case["service"], region_name=opts.get("region"), endpoint_url=opts.get("endpoint"), config=Config(**config_kwargs)
        )
        client.meta.events.register("before-send", capture)
        try:
            if case["service"] == "sqs":
                client.get_queue_url(QueueName="q")
            else:
                client.get_caller_identity()
        except Stop:
            pass
        credentials = session.get_credentials()
    except Exception as error:  # noqa: BLE001 - the class name is the result
        return {"error": type(error).__name__}
    authorization = captured.get("authorization", b"")
    if isinstance(authorization, bytes):
        authorization = authorization.decode()
    scope = authorization.split("Credential=")[1].split(",")[0].split("/")
    agent = captured["agent"].decode() if isinstance(captured["agent"], bytes) else captured["agent"]
    app = [part[4:] for part in agent.split(" ") if part.startswith("app/")]
    mode = client.meta.config.retries.get("mode", "standard")
    attempts = client.meta.config.retries.get("total_max_attempts") or (5 if mode == "legacy" else 3)
    url = captured["url"].split("?")[0]
    return {
        "url": url, "signingRegion": scope[2], "accessKey": "ASIA…" if scope[0].startswith("ASIA") else scope[0], "source": credentials.method,
        "retryMode": mode, "maxAttempts": attempts, "userAgentApp": app[0] if app else None,
    }


def main():
    seed, count, folder, sts_endpoint = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        case_folder = os.path.join(folder, str(index))
        os.makedirs(case_folder, exist_ok=True)
        script = os.path.join(case_folder, "credential-process")
        with open(script, "w") as handle:
            handle.write('#!/bin/sh\necho "{\\"Version\\": 1, \\"AccessKeyId\\": \\"PROC$1KEY\\", \\"SecretAccessKey\\": \\"procsecret\\"}"\n')
        os.chmod(script, stat.S_IRWXU)
        config, has_roles = config_text(rng, script)
        with open(os.path.join(case_folder, "config"), "w") as handle:
            handle.write(config)
        with open(os.path.join(case_folder, "credentials"), "w") as handle:
            handle.write(credentials_text(rng))
        env = environment(rng)
        env.update({
            "HOME": case_folder, "AWS_CONFIG_FILE": os.path.join(case_folder, "config"),
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(case_folder, "credentials"),
            "AWS_EC2_METADATA_DISABLED": "true", "PATH": "/usr/bin:/bin",
        })
        service = rng.choice(["sqs", "sts"])
        if has_roles:
            # Roles are assumed at moto's STS; the client under test is then SQS, so that its own
            # endpoint still comes from the generated settings.
            env["AWS_ENDPOINT_URL_STS"] = sts_endpoint
            service = "sqs"
            if rng.random() < 0.75:
                env["AWS_PROFILE"] = rng.choice(ROLE_PROFILES)
            if rng.random() < 0.5:
                env.pop("AWS_ACCESS_KEY_ID", None)
                env.pop("AWS_SECRET_ACCESS_KEY", None)
                env.pop("AWS_SESSION_TOKEN", None)
        case = {"environment": env, "options": options(rng), "service": service}
        case["result"] = resolve(case, case_folder)
        cases.append(case)
    json.dump(cases, sys.stdout)


if __name__ == "__main__":
    main()
