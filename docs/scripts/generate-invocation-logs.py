#!/usr/bin/env python3
"""Generates a large model-invocation log set for measuring `bmh import` (docs/import.md, "Memory").

Usage: python3 docs/scripts/generate-invocation-logs.py OUT_DIR [FILES] [RECORDS_PER_FILE]
Writes FILES gzip NDJSON files (default 10 x 20,000 records): copies of the first record of the test fixture
converse.jsonl, each with its own request id and a prompt of 20-400 random words (seeded, so the set is the same
every time).
"""
import gzip
import json
import os
import random
import sys

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "BedrockMigrationHarness.Tests", "Fixtures", "InvocationLogs", "converse.jsonl")
WORDS = "order refund shipping parcel damaged invoice account password delivery address courier return exchange".split()


def main():
    out_dir = sys.argv[1]
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    per_file = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
    random.seed(1)
    with open(FIXTURE, encoding="utf-8") as fixture:
        base = json.loads(fixture.readline())
    os.makedirs(out_dir, exist_ok=True)
    n = 0
    for f in range(files):
        with gzip.open(os.path.join(out_dir, f"part-{f:02d}.json.gz"), "wt", encoding="utf-8") as out:
            for _ in range(per_file):
                n += 1
                record = json.loads(json.dumps(base))
                record["requestId"] = f"{n:08x}-5561-4431-93b8-06a817275900"
                text = " ".join(random.choice(WORDS) for _ in range(random.randint(20, 400)))
                record["input"]["inputBodyJson"]["messages"][0]["content"][0]["text"] = f"#{n} " + text
                record["output"]["outputBodyJson"]["output"]["message"]["content"][0]["text"] = "answer " + text[:200]
                out.write(json.dumps(record) + "\n")
    print(n)


if __name__ == "__main__":
    main()
