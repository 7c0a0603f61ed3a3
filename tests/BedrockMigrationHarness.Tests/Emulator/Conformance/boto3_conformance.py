#!/usr/bin/env python3
"""Drives the Bedrock emulator with the official AWS SDK for Python (boto3/botocore).

Run by BedrockMigrationHarness.Tests.Emulator.Boto3ConformanceTests. Prints one JSON object per line,
one per case: {"case": NAME, "ok": true/false, ...observations} or {"case": NAME, "error_code": ..., "message": ...}
when botocore raised. The NUnit test asserts on these observations; this script only reports.

usage: boto3_conformance.py ENDPOINT_URL MODE ACCESS_KEY SECRET
  MODE plain : runtime + control-plane cases against an emulator without signature checks
  MODE sigv4 : signature cases against an emulator started with RequireSigV4 = ACCESS_KEY:SECRET
"""
import json
import sys
import traceback

try:
    import boto3
    import botocore
    from botocore.config import Config
    from botocore.exceptions import ClientError, EventStreamError
except ImportError as e:  # pragma: no cover - reported to the NUnit test
    print(json.dumps({"case": "import", "ok": False, "error": f"boto3 is not installed: {e}"}))
    sys.exit(3)

ACTIVE = "anthropic.claude-3-7-sonnet-20250219-v1:0"
LEGACY = "anthropic.claude-3-5-sonnet-20241022-v2:0"
EOL = "anthropic.claude-v2:1"
THROTTLED = "test.throttled-v1:0"
MIDSTREAM = "test.midstream-v1:0"
MESSAGES = [{"role": "user", "content": [{"text": "Ticket: I was charged twice, a billing problem."}]}]
NO_RETRY = Config(retries={"max_attempts": 1, "mode": "standard"})


def client(service, endpoint, key, secret):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        config=NO_RETRY,
    )


def report(name, fn):
    try:
        result = {"case": name, "ok": True}
        result.update(fn())
    except (ClientError, EventStreamError) as e:
        err = e.response.get("Error", {})
        result = {
            "case": name,
            "ok": False,
            "error_code": err.get("Code"),
            "message": err.get("Message"),
            "status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
            "exception": type(e).__name__,
        }
    except Exception as e:  # noqa: BLE001 - any failure is an observation for the test
        result = {"case": name, "ok": False, "exception": type(e).__name__, "message": str(e), "trace": traceback.format_exc()}
    print(json.dumps(result, default=str), flush=True)


def plain(endpoint, key, secret):
    runtime = client("bedrock-runtime", endpoint, key, secret)
    control = client("bedrock", endpoint, key, secret)

    def converse():
        r = runtime.converse(modelId=ACTIVE, messages=MESSAGES, inferenceConfig={"maxTokens": 256, "temperature": 0.2})
        return {
            "text": r["output"]["message"]["content"][0]["text"],
            "stop_reason": r["stopReason"],
            "usage": r["usage"],
            "latency_ms": r["metrics"]["latencyMs"],
        }

    def converse_arn():
        arn = f"arn:aws:bedrock:us-east-1::foundation-model/{ACTIVE}"
        r = runtime.converse(modelId=arn, messages=MESSAGES)
        return {"stop_reason": r["stopReason"]}

    def converse_tool():
        schema = {
            "type": "object",
            "properties": {"category": {"type": "string", "enum": ["technical", "billing", "account"]}, "priority": {"type": "integer", "minimum": 1, "maximum": 5}},
            "required": ["category", "priority"],
        }
        r = runtime.converse(
            modelId=ACTIVE,
            messages=MESSAGES,
            toolConfig={"tools": [{"toolSpec": {"name": "classify", "inputSchema": {"json": schema}}}], "toolChoice": {"tool": {"name": "classify"}}},
        )
        block = r["output"]["message"]["content"][0]["toolUse"]
        return {"stop_reason": r["stopReason"], "tool": block["name"], "input": block["input"]}

    def converse_stream():
        r = runtime.converse_stream(modelId="us." + ACTIVE, messages=MESSAGES, inferenceConfig={"maxTokens": 256})
        events, text, stop, usage = [], "", None, None
        for event in r["stream"]:
            name = next(iter(event))
            events.append(name)
            if name == "contentBlockDelta":
                text += event[name]["delta"]["text"]
            elif name == "messageStop":
                stop = event[name]["stopReason"]
            elif name == "metadata":
                usage = event[name]["usage"]
        return {"events": events, "text": text, "stop_reason": stop, "usage": usage}

    def converse_stream_midstream():
        r = runtime.converse_stream(modelId=MIDSTREAM, messages=MESSAGES)
        for _ in r["stream"]:
            pass
        return {}

    def invoke_anthropic():
        body = {
            "anthropic_version": "bedrock-2023-05-31",
            "max_tokens": 200,
            "messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}],
        }
        r = runtime.invoke_model(modelId=LEGACY, body=json.dumps(body), contentType="application/json", accept="application/json")
        payload = json.loads(r["body"].read())
        headers = r["ResponseMetadata"]["HTTPHeaders"]
        return {
            "content_type": r["contentType"],
            "type": payload["type"],
            "text": payload["content"][0]["text"],
            "stop_reason": payload["stop_reason"],
            "usage": payload["usage"],
            "output_token_header": headers.get("x-amzn-bedrock-output-token-count"),
        }

    def get_foundation_model():
        d = control.get_foundation_model(modelIdentifier=LEGACY)["modelDetails"]
        lc = d["modelLifecycle"]
        return {
            "model_arn": d["modelArn"],
            "model_name": d["modelName"],
            "status": lc["status"],
            "legacy_time": lc["legacyTime"].isoformat() if "legacyTime" in lc else None,
            "end_of_life_time": lc["endOfLifeTime"].isoformat() if "endOfLifeTime" in lc else None,
        }

    def get_foundation_model_eol():
        control.get_foundation_model(modelIdentifier=EOL)
        return {}

    def list_foundation_models():
        r = control.list_foundation_models(byProvider="Anthropic", byOutputModality="TEXT", byInferenceType="ON_DEMAND")
        return {"ids": sorted(m["modelId"] for m in r["modelSummaries"])}

    def converse_eol():
        runtime.converse(modelId=EOL, messages=MESSAGES)
        return {}

    def converse_throttled():
        runtime.converse(modelId=THROTTLED, messages=MESSAGES)
        return {}

    def converse_invalid():
        runtime.converse(modelId=ACTIVE, messages=MESSAGES, inferenceConfig={"temperature": 1.0, "topP": 1.0, "maxTokens": 1})
        return {}

    report("converse", converse)
    report("converse_arn", converse_arn)
    report("converse_tool", converse_tool)
    report("converse_stream", converse_stream)
    report("converse_stream_midstream", converse_stream_midstream)
    report("invoke_anthropic", invoke_anthropic)
    report("get_foundation_model", get_foundation_model)
    report("get_foundation_model_eol", get_foundation_model_eol)
    report("list_foundation_models", list_foundation_models)
    report("converse_eol", converse_eol)
    report("converse_throttled", converse_throttled)
    report("converse_edge_values", converse_invalid)


def sigv4(endpoint, key, secret):
    def converse_with(k, s):
        def run():
            r = client("bedrock-runtime", endpoint, k, s).converse(modelId=ACTIVE, messages=MESSAGES)
            return {"stop_reason": r["stopReason"]}
        return run

    def stream_signed():
        r = client("bedrock-runtime", endpoint, key, secret).converse_stream(modelId=ACTIVE, messages=MESSAGES)
        return {"events": [next(iter(e)) for e in r["stream"]]}

    def invoke_signed():
        body = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 50, "messages": [{"role": "user", "content": "Hi"}]}
        r = client("bedrock-runtime", endpoint, key, secret).invoke_model(modelId=LEGACY, body=json.dumps(body))
        return {"type": json.loads(r["body"].read())["type"]}

    def control_signed():
        c = client("bedrock", endpoint, key, secret)
        d = c.get_foundation_model(modelIdentifier=f"arn:aws:bedrock:us-east-1::foundation-model/{LEGACY}")["modelDetails"]
        n = len(c.list_foundation_models(byProvider="Anthropic")["modelSummaries"])
        return {"model_id": d["modelId"], "listed": n}

    report("signed_converse", converse_with(key, secret))
    report("signed_converse_stream", stream_signed)
    report("signed_invoke", invoke_signed)
    report("signed_control_plane", control_signed)
    report("wrong_secret", converse_with(key, secret + "x"))
    report("unknown_key", converse_with("AKIDUNKNOWN", secret))


def main():
    endpoint, mode, key, secret = sys.argv[1:5]
    print(json.dumps({"case": "versions", "ok": True, "boto3": boto3.__version__, "botocore": botocore.__version__}), flush=True)
    {"plain": plain, "sigv4": sigv4}[mode](endpoint, key, secret)


if __name__ == "__main__":
    main()
