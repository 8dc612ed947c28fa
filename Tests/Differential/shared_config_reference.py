"""Generates shared config/credentials files and parses each with botocore's own reader
(botocore.configloader.raw_config_parse), for the differential test of the runtime's parser.

Usage: shared_config_reference.py SEED COUNT
       shared_config_reference.py --files FILE...   (botocore's own sample files, tests/unit/cfg)
Prints a JSON list of {"text": ..., "sections": {name: {key: value or {subkey: value}}} or null}
where null means botocore refused the file (ConfigParseError).
"""

import json
import os
import random
import sys
import tempfile

from botocore.configloader import raw_config_parse
from botocore.exceptions import ConfigParseError

SECTIONS = ["default", "profile prod", "profile  dev", "prod", "profile 'my team'", "services s3-local",
            "DEFAULT", "sso-session corp", "profile", "x]y"]
KEYS = ["aws_access_key_id", "aws_secret_access_key", "region", "Region", "output", "s3", "endpoint_url",
        "aws_session_token", "key with spaces", "k:v"]
VALUES = ["AKIDEXAMPLE", "wJalr/K7MDENG+bPxRfiCY", "us-west-2", "", "abc # not a comment", "x=y", "a:b",
          "  padded  ", "日本", "semi ; colon", "[bracket]"]
SUBLINES = ["addressing_style = path", "endpoint_url = http://localhost:9000", "bare line",
            "max_attempts=3", "  deeper = 1"]
COMMENTS = ["# a comment", "; another", "   # indented comment", "#", ";;"]


def header(rng):
    name = rng.choice(SECTIONS)
    form = rng.random()
    if form < 0.55:
        return f"[{name}]"
    if form < 0.7:
        return f"[{name}] # {rng.choice(['production', 'x', ''])}"
    if form < 0.78:
        return f"[{name}] ; note"
    if form < 0.86:
        return f"  [{name}]"
    if form < 0.92:
        return f"[ {name} ]"
    return rng.choice(["[]", "[a]b]", "[", "[[x]]"])


def setting(rng):
    key = rng.choice(KEYS)
    separator = rng.choice([" = ", "=", " =", "= ", ": ", " : ", "\t=\t"])
    return f"{rng.choice(['', '', '', ' '])}{key}{separator}{rng.choice(VALUES)}"


def document(rng):
    lines = [header(rng)] if rng.random() < 0.93 else []
    for _ in range(rng.randint(1, 14)):
        roll = rng.random()
        if roll < 0.45:
            lines.append(setting(rng))
        elif roll < 0.55:
            lines.append(header(rng))
        elif roll < 0.7:
            lines.append(rng.choice(["  ", "    ", "\t"]) + rng.choice(SUBLINES))
        elif roll < 0.8:
            lines.append(rng.choice(COMMENTS))
        elif roll < 0.9:
            lines.append(rng.choice(["", "   "]))
        elif roll < 0.95:
            lines.append(rng.choice(["s3 =", "services =", "nested ="]))
        else:
            lines.append(rng.choice(["just text", "=value without key", "  : also"]))
    ending = rng.choice(["\n", "\n", "\n", "\r\n"])
    return ending.join(lines) + rng.choice(["", ending])


def parse_files(paths):
    cases = []
    for path in paths:
        with open(path, "rb") as handle:
            raw = handle.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue  # botocore's file of bad bytes: not text, and this runtime refuses it as such
        try:
            sections = raw_config_parse(path)
        except ConfigParseError:
            sections = None
        cases.append({"text": text, "sections": sections, "path": path})
    json.dump(cases, sys.stdout)


def main():
    if sys.argv[1] == "--files":
        return parse_files(sys.argv[2:])
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    cases = []
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "config")
        for _ in range(count):
            text = document(rng)
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            try:
                sections = raw_config_parse(path)
            except ConfigParseError:
                sections = None
            cases.append({"text": text, "sections": sections})
    json.dump(cases, sys.stdout)


if __name__ == "__main__":
    main()
