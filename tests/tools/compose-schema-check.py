# SPDX-License-Identifier: MIT
# Usage: python3 compose-schema-check.py [--schema SCHEMA.json] FILE.yaml...
# Validates Compose files (compose.yaml, and stack.yaml, which is a Compose file too) against the
# Compose Specification's JSON schema (compose-spec/ beside this script, Apache-2.0, see SOURCE.txt)
# with python3-jsonschema, and prints every error with its path in the document.
# Exit codes: 0 every file is valid, 1 a file is invalid (or not YAML), 2 bad usage,
# 3 the check could not run (python3-yaml or python3-jsonschema missing, unreadable schema).
import argparse
import json
import os
import sys

try:
    import jsonschema
    import yaml
except ImportError as missing:
    print(f"compose-schema-check: {missing.name} is not installed "
          "(Debian: apt-get install python3-yaml python3-jsonschema)", file=sys.stderr)
    sys.exit(3)

DEFAULT_SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "compose-spec", "compose-spec.json")


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys: Compose (go-yaml v3) rejects them, PyYAML would keep the last."""


def construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark, f"found duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)


def path_of(error):
    return "/" + "/".join(str(part) for part in error.absolute_path)


def check(path, validator):
    """Prints the file's errors; returns how many there were."""
    try:
        with open(path, encoding="utf-8") as stream:
            document = yaml.load(stream, Loader=StrictLoader)
    except yaml.YAMLError as error:
        print(f"{path}: not valid YAML: {error}")
        return 1
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        print(f"{path}: {path_of(error)}: {error.message}")
    return len(errors)


def main():
    parser = argparse.ArgumentParser(description="Validate Compose files against the Compose Specification schema.")
    parser.add_argument("--schema", default=DEFAULT_SCHEMA)
    parser.add_argument("files", nargs="+")
    arguments = parser.parse_args()
    try:
        with open(arguments.schema, encoding="utf-8") as stream:
            schema = json.load(stream)
        # The schema declares draft-07 under an https URL that jsonschema 4.10 does not recognise
        # (it would fall back to draft 2020-12 with a warning), so the draft is named here.
        jsonschema.Draft7Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.SchemaError) as error:
        print(f"compose-schema-check: cannot use the schema {arguments.schema}: {error}", file=sys.stderr)
        return 3
    validator = jsonschema.Draft7Validator(schema)
    invalid = 0
    for path in arguments.files:
        if not os.path.isfile(path):
            print(f"compose-schema-check: no such file: {path}", file=sys.stderr)
            return 2
        errors = check(path, validator)
        if errors:
            invalid += 1
        else:
            print(f"{path}: valid against the Compose Specification")
    return 1 if invalid else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # an uncaught exception exits 1, which would read as "rejected"
        print(f"compose-schema-check: internal error: {error!r}", file=sys.stderr)
        sys.exit(4)
