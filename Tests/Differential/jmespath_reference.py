"""The Python `jmespath` package (1.1.0), the reference implementation of JMESPath, as the
differential oracle for the runtime's evaluator (Sources/AWSRuntime/JMESPath).

    jmespath_reference.py generate SEED COUNT   random expressions over random documents
    jmespath_reference.py cases FILE             the cases of FILE ([{"section", "expression", "given"}]):
                                                 how Tests/AWSRuntimeTests/JMESPath/conformance.json got its results

prints a JSON list of {"expression", "given", "result"} or {"expression", "given", "error": KIND}.
KIND is the JMESPath error category (syntax, unknown-function, invalid-arity, invalid-type,
invalid-value); "reference-crash" marks an exception that is not a JMESPath error (Python's
own TypeError on `'a' < 1`, which the specification says is null), and "unrepresentable" a
result that is not JSON (a bare expression reference).

Objects are visited in key order on our side; here every dict the reference builds (documents,
literals, multi-select hashes, merge) iterates in key order too, so that `keys`, `values`, `*`
and `to_string` have one right answer.
"""
import json
import random
import sys

import jmespath
from jmespath import exceptions, functions, lexer, visitor

assert jmespath.__version__ == "1.1.0", jmespath.__version__


# Named OrderedDict because the reference type-checks function arguments by the class's name,
# and takes that name for an object.
class OrderedDict(dict):
    def __iter__(self):
        return iter(sorted(dict.keys(self)))

    def keys(self):
        return sorted(dict.keys(self))

    def values(self):
        return [self[k] for k in self.keys()]

    def items(self):
        return [(k, self[k]) for k in self.keys()]


def sorted_loads(text, **kwargs):
    return json.loads(text, object_pairs_hook=OrderedDict, **kwargs)


lexer.loads = sorted_loads


def merge(self, *arguments):
    merged = OrderedDict()
    for argument in arguments:
        merged.update(argument)
    return merged


merge.signature = functions.Functions.FUNCTION_TABLE["merge"]["signature"]
functions.Functions.FUNCTION_TABLE["merge"]["function"] = merge
OPTIONS = visitor.Options(dict_cls=OrderedDict)


def evaluate(expression, given):
    case = {"expression": expression, "given": given}
    try:
        result = jmespath.search(expression, sorted_loads(json.dumps(given)), options=OPTIONS)
    except (exceptions.ArityError, exceptions.VariadictArityError):
        case["error"] = "invalid-arity"
        return case
    except (exceptions.LexerError, exceptions.ParseError, exceptions.IncompleteExpressionError, exceptions.EmptyExpressionError):
        case["error"] = "syntax"
        return case
    except exceptions.UnknownFunctionError:
        case["error"] = "unknown-function"
        return case
    except exceptions.JMESPathTypeError:
        case["error"] = "invalid-type"
        return case
    except ValueError as error:
        case["error"] = "invalid-value" if "slice step" in str(error) else "reference-crash"
        return case
    except Exception:
        case["error"] = "reference-crash"
        return case
    try:
        case["result"] = json.loads(json.dumps(result, allow_nan=False))
    except (TypeError, ValueError):
        case["error"] = "unrepresentable"
    return case


# MARK: generated documents and expressions

COMMON_KEYS = ["a", "b", "c", "foo", "bar"]
KEYS = COMMON_KEYS + ["baz", "Name", "State", "items", "x_1", "with space", "dash-key", "ünï"]
STRINGS = ["", "a", "b", "foo", "bar", "Foo", "ACTIVE", "running", "stopped", "12", "-3.5", " 7 ", "1e3", "1_000", "abc",
           "é", "日本", "a\"b", "tab\there", "z", "aa", "0", "true", "null"]
FUNCTIONS = {
    "abs": 1, "avg": 1, "ceil": 1, "contains": 2, "ends_with": 2, "floor": 1, "join": 2, "keys": 1, "length": 1,
    "map": 2, "max": 1, "max_by": 2, "merge": -1, "min": 1, "min_by": 2, "not_null": -1, "reverse": 1, "sort": 1,
    "sort_by": 2, "starts_with": 2, "sum": 1, "to_array": 1, "to_number": 1, "to_string": 1, "type": 1, "values": 1,
}
EXPREF_FIRST = {"map"}
EXPREF_SECOND = {"max_by", "min_by", "sort_by"}


def scalar(rng):
    kind = rng.randrange(7)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.randint(-5, 20)
    if kind == 3:
        return rng.choice([0.5, -1.25, 3.0, 2.75, 1e20, 100.0, -0.0, 7.125])
    return rng.choice(STRINGS)


def document(rng, depth):
    if depth <= 0 or rng.random() < 0.25:
        return scalar(rng)
    if rng.random() < 0.5:
        kind = rng.randrange(4)
        if kind == 0:
            return [rng.randint(-10, 10) for _ in range(rng.randrange(6))]
        if kind == 1:
            return [rng.choice(STRINGS) for _ in range(rng.randrange(6))]
        return [document(rng, depth - 1) for _ in range(rng.randrange(5))]
    keys = COMMON_KEYS if rng.random() < 0.7 else KEYS
    return {key: document(rng, depth - 1) for key in rng.sample(keys, rng.randrange(1, len(keys)))}


def identifier(rng):
    key = rng.choice(COMMON_KEYS if rng.random() < 0.8 else KEYS)
    if key.replace("_", "").isalnum() and key.isascii() and not key[0].isdigit():
        return key if rng.random() < 0.85 else json.dumps(key)
    return json.dumps(key, ensure_ascii=rng.random() < 0.5)


def literal(rng):
    kind = rng.randrange(4)
    if kind == 0:
        return "'" + rng.choice(STRINGS).replace("'", "\\'") + "'"
    value = document(rng, 1) if kind == 1 else scalar(rng)
    return "`" + json.dumps(value).replace("`", "\\`") + "`"


def number(rng):
    return str(rng.choice([0, 1, 2, -1, -2, 3, 5, -7, 10]))


def expression(rng, depth):
    if depth <= 0:
        return rng.choice([identifier, identifier, literal, lambda r: "@"])(rng)
    kind = rng.randrange(22)
    sub = lambda: expression(rng, depth - 1)
    if kind <= 2:
        return sub() + "." + rng.choice([identifier(rng), identifier(rng), "*", "[" + sub() + ", " + sub() + "]",
                                         "{" + identifier(rng) + ": " + sub() + "}"])
    if kind == 3:
        return sub() + "[" + number(rng) + "]"
    if kind == 4:
        parts = [rng.choice(["", number(rng)]) for _ in range(3)]
        step = ":" + parts[2] if rng.random() < 0.5 else ""
        return sub() + "[" + parts[0] + ":" + parts[1] + step + "]"
    if kind == 5:
        return sub() + "[*]" + rng.choice(["", "." + identifier(rng), "[" + number(rng) + "]"])
    if kind == 6:
        return sub() + ".*" + rng.choice(["", "." + identifier(rng)])
    if kind == 7:
        return sub() + "[]" + rng.choice(["", "." + identifier(rng), "[]"])
    if kind == 8:
        return sub() + "[?" + sub() + " " + rng.choice(["==", "!=", "<", "<=", ">", ">="]) + " " + sub() + "]" + rng.choice(["", "." + identifier(rng)])
    if kind == 9:
        return sub() + "[?" + sub() + "]"
    if kind == 10:
        return "[" + ", ".join(sub() for _ in range(rng.randrange(1, 4))) + "]"
    if kind == 11:
        return "{" + ", ".join(identifier(rng) + ": " + sub() for _ in range(rng.randrange(1, 4))) + "}"
    if kind == 12:
        return sub() + " | " + sub()
    if kind == 13:
        return sub() + rng.choice([" || ", " && "]) + sub()
    if kind == 14:
        return "!" + sub()
    if kind == 15:
        return sub() + " " + rng.choice(["==", "!=", "<", "<=", ">", ">="]) + " " + sub()
    if kind == 16:
        return "(" + sub() + ")"
    if kind in (17, 18, 19):
        name = rng.choice(list(FUNCTIONS))
        arity = FUNCTIONS[name]
        count = rng.randrange(1, 4) if arity < 0 else arity
        if rng.random() < 0.08:
            count += rng.choice([-1, 1])
        arguments = [sub() for _ in range(max(count, 0))]
        if name in EXPREF_FIRST and arguments:
            arguments[0] = "&" + arguments[0]
        if name in EXPREF_SECOND and len(arguments) > 1:
            arguments[1] = "&" + arguments[1]
        if rng.random() < 0.02:
            name = rng.choice(["nope", "lenght", "to_str"])
        return name + "(" + ", ".join(arguments) + ")"
    if kind == 20:
        return literal(rng)
    return identifier(rng)


def mutate(rng, text):
    """A few expressions lose or gain a character: syntax errors, and near misses that still parse."""
    if not text or rng.random() > 0.12:
        return text
    position = rng.randrange(len(text))
    if rng.random() < 0.5:
        return text[:position] + text[position + 1:]
    return text[:position] + rng.choice("[]{}()|&!.,:'`\"=<>*@?-0 a") + text[position:]


def generate(seed, count):
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        given = document(rng, 4)
        # Expressions over keys the document has, most of the time.
        text = mutate(rng, expression(rng, rng.randrange(1, 5)))
        cases.append(evaluate(text, given))
    return cases


def main():
    if sys.argv[1] == "generate":
        cases = generate(int(sys.argv[2]), int(sys.argv[3]))
    else:
        with open(sys.argv[2]) as file:
            cases = [dict(evaluate(case["expression"], case["given"]), section=case.get("section")) for case in json.load(file)]
    json.dump(cases, sys.stdout, ensure_ascii=False, indent=None if sys.argv[1] == "generate" else 0)


if __name__ == "__main__":
    main()
