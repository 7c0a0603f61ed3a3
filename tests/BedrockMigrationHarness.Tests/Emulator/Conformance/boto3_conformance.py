#!/usr/bin/env python3
"""Drives the Bedrock emulator with the official AWS SDK for Python (boto3/botocore).

Run by BedrockMigrationHarness.Tests.Emulator.Boto3ConformanceTests. Prints one JSON object per line,
one per case: {"case": NAME, "ok": true/false, ...observations} or {"case": NAME, "error_code": ..., "message": ...}
when botocore raised. The NUnit test asserts on these observations; this script only reports.

usage: boto3_conformance.py ENDPOINT_URL MODE ACCESS_KEY SECRET
  MODE plain : runtime + control-plane cases against an emulator without signature checks
  MODE shapes: conversations, image and document bytes, tools, structured output, thinking and cache points
  MODE sigv4 : signature cases against an emulator started with RequireSigV4 = ACCESS_KEY:SECRET
  MODE judge : a judge request (two answers, the verdict tool forced) to a model that plays a judge (JUDGE)
  MODE batch : batch inference jobs against an emulator serving S3 (bucket `batch` exists): the input put with the
               s3 client, Create (twice with one clientRequestToken), Get until the job ends, List (paged),
               Stop, and the output records and manifest read back with the s3 client
"""
import json
import sys
import time
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
CURRENT = "anthropic.claude-sonnet-4-5-20250929-v1:0"
JUDGE = "test.judge-v1:0"
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


ORDER_TOOLS = [
    {"toolSpec": {"name": "lookup_order", "description": "Find an order by its id.", "inputSchema": {"json": {
        "type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"], "additionalProperties": False}}}},
    {"toolSpec": {"name": "issue_refund", "description": "Refund an order.", "strict": True, "inputSchema": {"json": {
        "type": "object", "properties": {"order_id": {"type": "string"}, "amount": {"type": "number"}}, "required": ["order_id", "amount"], "additionalProperties": False}}}},
    {"cachePoint": {"type": "default"}},
]
SYSTEM = [{"text": "You are the order assistant of Acme. " * 30}, {"cachePoint": {"type": "default"}}]
THINKING = {"thinking": {"type": "enabled", "budget_tokens": 2048}}


def shapes(endpoint, key, secret):
    """Every new request shape through boto3, which validates the request against the service model client-side."""
    runtime = client("bedrock-runtime", endpoint, key, secret)
    conversation = [
        {"role": "user", "content": [
            {"text": "Here is the receipt and a photo of the parcel. Where is order A-1001?"},
            {"image": {"format": "png", "source": {"bytes": b"\x89PNG\r\n\x1a\n" + bytes(200)}}},
            {"document": {"format": "pdf", "name": "Receipt A-1001", "source": {"bytes": b"%PDF-1.4 " + bytes(300)}}},
            {"cachePoint": {"type": "default"}},
        ]},
        {"role": "assistant", "content": [
            {"text": "Let me look it up."},
            {"toolUse": {"toolUseId": "tooluse_abc", "name": "lookup_order", "input": {"order_id": "A-1001"}}},
        ]},
        {"role": "user", "content": [
            {"toolResult": {"toolUseId": "tooluse_abc", "content": [{"json": {"status": "shipped"}}, {"text": "Shipped Monday."}], "status": "success"}},
        ]},
    ]

    def conversation_with_tool_results():
        r = runtime.converse(modelId=CURRENT, system=SYSTEM, messages=conversation, toolConfig={"tools": ORDER_TOOLS})
        return {"stop_reason": r["stopReason"], "text": r["output"]["message"]["content"][0]["text"], "usage": r["usage"]}

    def cache_read_on_second_call():
        r = runtime.converse(modelId=CURRENT, system=SYSTEM, messages=conversation, toolConfig={"tools": ORDER_TOOLS})
        return {"usage": r["usage"]}

    def tool_choice_any():
        r = runtime.converse(modelId=CURRENT, messages=[{"role": "user", "content": [{"text": "I want a refund for order A-1001."}]}],
                             toolConfig={"tools": ORDER_TOOLS, "toolChoice": {"any": {}}})
        block = r["output"]["message"]["content"][0]["toolUse"]
        return {"stop_reason": r["stopReason"], "tool": block["name"], "input": block["input"]}

    def structured_output():
        schema = {"type": "object", "properties": {"status": {"type": "string", "enum": ["shipped", "lost"]}}, "required": ["status"], "additionalProperties": False}
        r = runtime.converse(modelId=CURRENT, messages=[{"role": "user", "content": [{"text": "Order A-1001 shipped."}]}],
                             outputConfig={"textFormat": {"type": "json_schema", "structure": {"jsonSchema": {"schema": json.dumps(schema), "name": "status", "description": "Order status"}}}})
        return {"answer": json.loads(r["output"]["message"]["content"][0]["text"])}

    def thinking():
        r = runtime.converse(modelId=CURRENT, messages=[{"role": "user", "content": [{"text": "Why is the sky blue?"}]}],
                             inferenceConfig={"maxTokens": 4096}, additionalModelRequestFields=THINKING)
        content = r["output"]["message"]["content"]
        reasoning = content[0]["reasoningContent"]["reasoningText"]
        return {"reasoning": reasoning["text"], "signature": reasoning["signature"], "text": content[1]["text"], "usage": r["usage"]}

    def stream_thinking():
        r = runtime.converse_stream(modelId=CURRENT, messages=[{"role": "user", "content": [{"text": "Why is the sky blue?"}]}],
                                    additionalModelRequestFields=THINKING)
        reasoning, signature, text, indexes = "", None, "", []
        for event in r["stream"]:
            if "contentBlockDelta" in event:
                delta = event["contentBlockDelta"]["delta"]
                indexes.append(event["contentBlockDelta"]["contentBlockIndex"])
                if "reasoningContent" in delta:
                    reasoning += delta["reasoningContent"].get("text", "")
                    signature = delta["reasoningContent"].get("signature", signature)
                else:
                    text += delta["text"]
        return {"reasoning": reasoning, "signature": signature, "text": text, "indexes": sorted(set(indexes))}

    def stream_tool_use():
        r = runtime.converse_stream(modelId=CURRENT, messages=[{"role": "user", "content": [{"text": "Where is order A-1001?"}]}],
                                    toolConfig={"tools": ORDER_TOOLS, "toolChoice": {"tool": {"name": "lookup_order"}}})
        name, fragments, stop = None, "", None
        for event in r["stream"]:
            if "contentBlockStart" in event:
                name = event["contentBlockStart"]["start"]["toolUse"]["name"]
            elif "contentBlockDelta" in event:
                fragments += event["contentBlockDelta"]["delta"]["toolUse"]["input"]
            elif "messageStop" in event:
                stop = event["messageStop"]["stopReason"]
        return {"tool": name, "input": json.loads(fragments), "stop_reason": stop}

    def parameter_rule():
        runtime.converse(modelId=CURRENT, messages=[{"role": "user", "content": [{"text": "Hi"}]}], inferenceConfig={"temperature": 0.5, "topP": 0.9})
        return {}

    def bad_document_name():
        runtime.converse(modelId=CURRENT, messages=[{"role": "user", "content": [
            {"text": "Read this."}, {"document": {"format": "pdf", "name": "receipt.pdf", "source": {"bytes": b"%PDF"}}}]}])
        return {}

    report("conversation_with_tool_results", conversation_with_tool_results)
    report("cache_read_on_second_call", cache_read_on_second_call)
    report("tool_choice_any", tool_choice_any)
    report("structured_output", structured_output)
    report("thinking", thinking)
    report("stream_thinking", stream_thinking)
    report("stream_tool_use", stream_tool_use)
    report("parameter_rule", parameter_rule)
    report("bad_document_name", bad_document_name)


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


def judge(endpoint, key, secret):
    runtime = client("bedrock-runtime", endpoint, key, secret)
    verdict_tool = {"toolSpec": {"name": "record_verdict", "description": "Record which of the two answers is better.", "inputSchema": {"json": {
        "type": "object",
        "properties": {"winner": {"type": "string", "enum": ["A", "B", "tie"]}, "confidence": {"type": "number"}, "reason": {"type": "string"}},
        "required": ["winner", "confidence", "reason"]}}}}

    def request(first, second):
        # The sections as the harness's judge prompt writes them.
        text = (f"<conversation>\n[user]\nSummarise the ticket.\n</conversation>\n\n<answer_a>\n{first}\n</answer_a>\n\n"
                f"<answer_b>\n{second}\n</answer_b>\n\nWhich answer is better? Call record_verdict with winner A, B or tie.")
        return {"modelId": JUDGE, "system": [{"text": "You are an impartial judge."}],
                "messages": [{"role": "user", "content": [{"text": text}]}], "inferenceConfig": {"maxTokens": 512, "temperature": 0},
                "toolConfig": {"tools": [verdict_tool], "toolChoice": {"tool": {"name": "record_verdict"}}}}

    def verdict():
        r = runtime.converse(**request('{"summary":"N/A"}', '{"summary":"The CSV export times out."}'))
        block = r["output"]["message"]["content"][0]["toolUse"]
        return {"stop_reason": r["stopReason"], "tool": block["name"], "input": block["input"]}

    def verdict_streamed():
        r = runtime.converse_stream(**request('{"summary":"The CSV export times out."}', '{"summary":"N/A"}'))
        fragments, name, stop = "", None, None
        for event in r["stream"]:
            if "contentBlockStart" in event:
                name = event["contentBlockStart"]["start"]["toolUse"]["name"]
            elif "contentBlockDelta" in event:
                fragments += event["contentBlockDelta"]["delta"]["toolUse"]["input"]
            elif "messageStop" in event:
                stop = event["messageStop"]["stopReason"]
        return {"tool": name, "input": json.loads(fragments), "stop_reason": stop}

    report("judge_verdict", verdict)
    report("judge_verdict_stream", verdict_streamed)


def batch(endpoint, key, secret):
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key,
                      aws_secret_access_key=secret, config=Config(retries={"max_attempts": 1, "mode": "standard"}, s3={"addressing_style": "path"}))
    bedrock = client("bedrock", endpoint, key, secret)
    records = [{"recordId": f"{i:06d}00000", "modelInput": {"messages": [{"role": "user", "content": [{"text": f"Question {i}"}]}],
                                                          "inferenceConfig": {"maxTokens": 200}}} for i in range(120)]
    s3.put_object(Bucket="batch", Key="runs/r1/input.jsonl", Body="\n".join(json.dumps(r) for r in records).encode("utf-8"))
    job = {
        "roleArn": "arn:aws:iam::111122223333:role/BedrockBatchInference",
        "modelId": ACTIVE,
        "inputDataConfig": {"s3InputDataConfig": {"s3Uri": "s3://batch/runs/r1/input.jsonl", "s3InputFormat": "JSONL"}},
        "outputDataConfig": {"s3OutputDataConfig": {"s3Uri": "s3://batch/runs/r1/output/"}},
        "modelInvocationType": "Converse",
        "timeoutDurationInHours": 24,
    }
    state = {}

    def wait(arn, statuses):
        deadline = time.monotonic() + 120
        while True:
            r = bedrock.get_model_invocation_job(jobIdentifier=arn)
            if r["status"] in statuses or time.monotonic() > deadline:
                return r
            time.sleep(0.1)

    def create():
        arn = bedrock.create_model_invocation_job(jobName="bmh-conformance-1", clientRequestToken="run-1-arm-a", **job)["jobArn"]
        again = bedrock.create_model_invocation_job(jobName="bmh-conformance-1", clientRequestToken="run-1-arm-a", **job)["jobArn"]
        state["arn"] = arn
        return {"job_arn": arn, "same_arn": arn == again}

    def get_first():
        r = bedrock.get_model_invocation_job(jobIdentifier=state["arn"])
        return {"status": r["status"], "submit_time_type": type(r["submitTime"]).__name__, "model_id": r["modelId"],
                "invocation_type": r.get("modelInvocationType"), "input_uri": r["inputDataConfig"]["s3InputDataConfig"]["s3Uri"]}

    def get_until_ended():
        r = wait(state["arn"], ("Completed", "PartiallyCompleted", "Failed", "Stopped", "Expired"))
        return {"status": r["status"], "end_time_type": type(r.get("endTime")).__name__, "total": r.get("totalRecordCount"),
                "processed": r.get("processedRecordCount"), "success": r.get("successRecordCount"), "errors": r.get("errorRecordCount")}

    def read_output():
        job_id = state["arn"].rsplit("/", 1)[1]
        listed = s3.list_objects_v2(Bucket="batch", Prefix=f"runs/r1/output/{job_id}/")
        keys = sorted(o["Key"][len(f"runs/r1/output/{job_id}/"):] for o in listed.get("Contents", []))
        lines = s3.get_object(Bucket="batch", Key=f"runs/r1/output/{job_id}/input.jsonl.out")["Body"].read().decode("utf-8").splitlines()
        parsed = [json.loads(l) for l in lines]
        manifest = json.loads(s3.get_object(Bucket="batch", Key=f"runs/r1/output/{job_id}/manifest.json.out")["Body"].read())
        return {"keys": keys, "records": len(parsed), "record_ids": sorted({p["recordId"] for p in parsed}) == sorted(r["recordId"] for r in records),
                "with_output": sum(1 for p in parsed if "modelOutput" in p), "stop_reason": parsed[0]["modelOutput"]["stopReason"],
                "manifest": manifest}

    def list_paged():
        pages = list(bedrock.get_paginator("list_model_invocation_jobs").paginate(PaginationConfig={"PageSize": 1}))
        names = [j["jobName"] for p in pages for j in p["invocationJobSummaries"]]
        completed = bedrock.list_model_invocation_jobs(statusEquals="Completed", nameContains="conformance")
        return {"pages": len(pages), "names": names, "completed": [j["jobArn"] for j in completed["invocationJobSummaries"]]}

    def stop():
        arn = bedrock.create_model_invocation_job(jobName="bmh-conformance-stop", **job)["jobArn"]
        bedrock.stop_model_invocation_job(jobIdentifier=arn)
        state["stopped"] = arn
        r = wait(arn, ("Stopped",))
        return {"status": r["status"], "processed": r.get("processedRecordCount")}

    def stop_again():
        bedrock.stop_model_invocation_job(jobIdentifier=state["stopped"])
        return {}

    def get_unknown():
        bedrock.get_model_invocation_job(jobIdentifier="arn:aws:bedrock:us-east-1:111122223333:model-invocation-job/zzzzzzzzzzzz")
        return {}

    def create_too_early():
        bedrock.create_model_invocation_job(jobName="bmh-conformance-missing", **dict(job, inputDataConfig={"s3InputDataConfig": {"s3Uri": "s3://batch/runs/none.jsonl"}}))
        return {}

    report("batch_create", create)
    report("batch_get_submitted", get_first)
    report("batch_get_until_ended", get_until_ended)
    report("batch_read_output", read_output)
    report("batch_list", list_paged)
    report("batch_stop", stop)
    report("batch_stop_ended", stop_again)
    report("batch_get_unknown", get_unknown)
    report("batch_create_missing_input", create_too_early)


def main():
    endpoint, mode, key, secret = sys.argv[1:5]
    print(json.dumps({"case": "versions", "ok": True, "boto3": boto3.__version__, "botocore": botocore.__version__}), flush=True)
    {"plain": plain, "shapes": shapes, "sigv4": sigv4, "judge": judge, "batch": batch}[mode](endpoint, key, secret)


if __name__ == "__main__":
    main()
