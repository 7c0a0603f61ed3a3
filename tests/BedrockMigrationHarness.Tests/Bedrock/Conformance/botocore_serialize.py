"""An outside oracle for the Converse request body: botocore's own validator and rest-json serializer.

Usage: python3 botocore_serialize.py <operation> <body.json>

Reads a body written by the harness, turns its base64 blobs back into bytes (where the service model says
blob), validates the parameters with botocore's ParamValidator and prints the body botocore itself would
send. Exit 1 with the validation report when botocore refuses the parameters.
"""
import base64
import json
import sys

import botocore.session
from botocore.serialize import create_serializer
from botocore.validate import ParamValidator


def decode_blobs(value, shape):
    if shape.type_name == "blob" and isinstance(value, str):
        return base64.b64decode(value, validate=True)
    if shape.type_name == "structure" and isinstance(value, dict) and not getattr(shape, "is_document_type", False):
        return {k: decode_blobs(v, shape.members[k]) if k in shape.members else v for k, v in value.items()}
    if shape.type_name == "list" and isinstance(value, list):
        return [decode_blobs(v, shape.member) for v in value]
    if shape.type_name == "map" and isinstance(value, dict):
        return {k: decode_blobs(v, shape.value) for k, v in value.items()}
    return value


def main():
    operation_name, path = sys.argv[1], sys.argv[2]
    model = botocore.session.get_session().get_service_model("bedrock-runtime")
    operation = model.operation_model(operation_name)
    with open(path, encoding="utf-8") as f:
        params = decode_blobs(json.load(f), operation.input_shape)
    params["modelId"] = "anthropic.claude-3-5-sonnet-20241022-v2:0"
    report = ParamValidator().validate(params, operation.input_shape)
    if report.has_errors():
        print(report.generate_report(), file=sys.stderr)
        sys.exit(1)
    request = create_serializer("rest-json").serialize_to_request(params, operation)
    sys.stdout.write(request["body"].decode("utf-8") if isinstance(request["body"], bytes) else request["body"])


if __name__ == "__main__":
    main()
