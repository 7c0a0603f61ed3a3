#!/usr/bin/env python3
"""Drives the emulator's S3 subset with the official AWS SDK for Python (boto3/botocore).

Run by BedrockMigrationHarness.Tests.Emulator.S3ConformanceTests against an emulator that serves S3 from a folder
the test prepared (bucket `logs`: 1,500 keys under `many/`, a gzipped log object, keys with spaces and non-ASCII
letters) and requires SigV4 with ACCESS_KEY:SECRET. Prints one JSON object per line, one per case:
{"case": NAME, "ok": true, ...observations} or {"case": NAME, "ok": false, "error_code": ..., "message": ...}.

Uploads above boto3's multipart threshold (8 MB) would use CreateMultipartUpload, which the emulator does not serve;
the multi-MB upload here raises the threshold so that upload_fileobj sends one PutObject.

usage: s3_conformance.py ENDPOINT_URL s3 ACCESS_KEY SECRET  (the mode argument keeps the command line of boto3_conformance.py)
"""
import gzip
import hashlib
import io
import json
import sys
import traceback

try:
    import boto3
    from boto3.s3.transfer import TransferConfig
    from botocore.config import Config
    from botocore.exceptions import ClientError
except ImportError as e:  # pragma: no cover - reported to the NUnit test
    print(json.dumps({"case": "import", "ok": False, "error": f"boto3 is not installed: {e}"}))
    sys.exit(3)

BUCKET = "logs"
CONFIG = Config(retries={"max_attempts": 1, "mode": "standard"}, s3={"addressing_style": "path"})


def s3(endpoint, key, secret):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret, config=CONFIG)


def report(name, fn):
    try:
        result = {"case": name, "ok": True}
        result.update(fn())
    except ClientError as e:
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


def main(endpoint, key, secret):
    client = s3(endpoint, key, secret)

    def paginate():
        pages = list(client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix="many/"))
        keys = [o["Key"] for p in pages for o in p.get("Contents", [])]
        return {"pages": len(pages), "key_counts": [p["KeyCount"] for p in pages], "keys": len(keys),
                "sorted": keys == sorted(keys), "first": keys[0], "last": keys[-1]}

    def delimiter():
        r = client.list_objects_v2(Bucket=BUCKET, Delimiter="/")
        return {"prefixes": [p["Prefix"] for p in r.get("CommonPrefixes", [])], "keys": [o["Key"] for o in r.get("Contents", [])]}

    def special_keys():
        # botocore asks for encoding-type=url and decodes the keys itself.
        r = client.list_objects_v2(Bucket=BUCKET, Prefix="data/")
        return {"keys": [o["Key"] for o in r.get("Contents", [])], "last_modified": str(r["Contents"][0]["LastModified"])}

    def get_gzip():
        r = client.get_object(Bucket=BUCKET, Key="AWSLogs/123456789012/BedrockModelInvocationLogs/us-east-1/2026/03/01/12/log.json.gz")
        body = r["Body"].read()
        return {"lines": gzip.decompress(body).decode("utf-8").splitlines(), "content_length": r["ContentLength"],
                "etag": r["ETag"], "content_type": r["ContentType"], "last_modified": str(r["LastModified"])}

    def get_range():
        r = client.get_object(Bucket=BUCKET, Key="data/req 1_input.json.gz", Range="bytes=0-1")
        return {"status": r["ResponseMetadata"]["HTTPStatusCode"], "content_range": r["ContentRange"], "length": len(r["Body"].read())}

    def head():
        r = client.head_object(Bucket=BUCKET, Key="data/req 1_input.json.gz")
        return {"content_length": r["ContentLength"], "etag": r["ETag"]}

    def put_small():
        body = b'{"hello": "world"}\n'
        put = client.put_object(Bucket=BUCKET, Key="put/small.json", Body=body)
        got = client.get_object(Bucket=BUCKET, Key="put/small.json")["Body"].read()
        return {"etag": put["ETag"], "md5": hashlib.md5(body).hexdigest(), "round_trip": got == body}

    def upload_large():
        body = bytes(range(256)) * (12 * 1024 * 1024 // 256)  # 12 MiB, above the default 8 MB multipart threshold
        client.upload_fileobj(io.BytesIO(body), BUCKET, "put/large.bin", Config=TransferConfig(multipart_threshold=64 * 1024 * 1024))
        r = client.head_object(Bucket=BUCKET, Key="put/large.bin")
        got = client.get_object(Bucket=BUCKET, Key="put/large.bin")["Body"].read()
        return {"content_length": r["ContentLength"], "round_trip": hashlib.sha256(got).hexdigest() == hashlib.sha256(body).hexdigest()}

    def no_such_key():
        client.get_object(Bucket=BUCKET, Key="data/missing_output.json.gz")

    def head_missing():
        client.head_object(Bucket=BUCKET, Key="data/missing_output.json.gz")

    def no_such_bucket():
        client.list_objects_v2(Bucket="no-such-bucket")

    def escaping_key():
        client.get_object(Bucket=BUCKET, Key="../outside.txt")

    def wrong_secret():
        s3(endpoint, key, secret + "x").list_objects_v2(Bucket=BUCKET)

    def unknown_key():
        s3(endpoint, "AKIDUNKNOWN", secret).list_objects_v2(Bucket=BUCKET)

    for name, fn in [("paginate", paginate), ("delimiter", delimiter), ("special_keys", special_keys), ("get_gzip", get_gzip),
                     ("get_range", get_range), ("head", head), ("put_small", put_small), ("upload_large", upload_large),
                     ("no_such_key", no_such_key), ("head_missing", head_missing), ("no_such_bucket", no_such_bucket),
                     ("escaping_key", escaping_key), ("wrong_secret", wrong_secret), ("unknown_key", unknown_key)]:
        report(name, fn)


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[2] != "s3":
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1], sys.argv[3], sys.argv[4])
