"""Every JMESPath expression of botocore's waiters (path, pathAll, pathAny arguments) and
paginators (output tokens, result keys, more_results, non-aggregate keys), each with a document
shaped like the operation's output (botocore's ArgumentGenerator skeleton: every member, lists
of one, enums at their first value), and Python jmespath's compile and search rates over them.

    jmespath_expressions.py BOTOCORE_DATA CASES_OUT ROUNDS

writes the cases for aws-benchmarks and prints RESULT compile_per_second=N search_per_second=N.
"""
import glob
import json
import os
import sys
import time

import jmespath
from botocore.model import ServiceModel
from botocore.utils import ArgumentGenerator
from jmespath import parser

data, out, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
cases = []
generator = ArgumentGenerator(use_member_names=True)
for service in sorted(os.listdir(data)):
    versions = sorted(glob.glob(os.path.join(data, service, "*", "service-2.json")))
    if not versions:
        continue
    folder = os.path.dirname(versions[-1])
    with open(versions[-1]) as file:
        model = ServiceModel(json.load(file), service)
    expressions = []
    for name, kind in (("waiters-2.json", "waiters"), ("paginators-1.json", "pagination")):
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            continue
        with open(path) as file:
            document = json.load(file).get(kind, {})
        for key, entry in sorted(document.items()):
            if kind == "waiters":
                operation = entry["operation"]
                found = [a["argument"] for a in entry["acceptors"] if "argument" in a]
            else:
                operation = key
                found = []
                for field in ("output_token", "result_key"):
                    value = entry.get(field, [])
                    found += value if isinstance(value, list) else [value]
                found += [entry["more_results"]] if "more_results" in entry else []
                found += entry.get("non_aggregate_keys", [])
            expressions += [(operation, expression) for expression in found]
    for operation, expression in expressions:
        try:
            output = model.operation_model(operation).output_shape
        except Exception:
            continue
        given = generator.generate_skeleton(output) if output is not None else {}
        cases.append({"expression": expression, "given": json.loads(json.dumps(given, default=str))})

with open(out, "w") as file:
    json.dump(cases, file)

texts = [case["expression"] for case in cases]
start = time.perf_counter()
for _ in range(rounds):
    for text in texts:
        parser.Parser()._do_parse(text)  # past the parser's cache: a real compile each time
compile_rate = rounds * len(texts) / (time.perf_counter() - start)
compiled = [(jmespath.compile(case["expression"]), case["given"]) for case in cases]
start = time.perf_counter()
for _ in range(rounds):
    for expression, given in compiled:
        expression.search(given)
search_rate = rounds * len(compiled) / (time.perf_counter() - start)
print(f"python jmespath {jmespath.__version__}: {len(cases)} expressions; compile {int(compile_rate)}/s, search {int(search_rate)}/s")
print(f"RESULT compile_per_second={int(compile_rate)} search_per_second={int(search_rate)}")
