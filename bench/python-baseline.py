#!/usr/bin/env python3
"""The plain format check that Test-FineTuneDataset is measured against (docs/benchmarks.md).

    python3 bench/python-baseline.py FILE [--json]

One json.loads per line and the obvious checks of the chat format, as the OpenAI cookbook's "data preparation
and analysis for chat model fine-tuning" does them: the line is an object with a non-empty "messages" list; each
message is an object with a known role and string content and no unknown keys; "weight" is 0 or 1; there is an
assistant message. Counts lines, examples, messages and errors by kind; no token counting. Single-threaded,
standard library only. Prints the counts and the throughput (1 MB = 1,048,576 bytes); with --json, one JSON
object for bench/Measure-DatasetCheck.ps1, with the process's peak resident set (VmHWM) at the end.
"""
import json
import os
import sys
import time
from collections import Counter

ROLES = {"system", "user", "assistant", "tool", "function"}
KEYS = {"role", "content", "name", "weight", "tool_calls", "tool_call_id", "function_call"}


def check(path):
    errors = Counter()
    lines = examples = messages = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            lines += 1
            if not line.strip():
                errors["blank_line"] += 1
                continue
            examples += 1
            try:
                ex = json.loads(line)
            except ValueError:
                errors["invalid_json"] += 1
                continue
            if not isinstance(ex, dict):
                errors["data_type"] += 1
                continue
            msgs = ex.get("messages")
            if not isinstance(msgs, list) or not msgs:
                errors["missing_messages_list"] += 1
                continue
            has_assistant = False
            for message in msgs:
                messages += 1
                if not isinstance(message, dict):
                    errors["message_not_object"] += 1
                    continue
                if "role" not in message or "content" not in message:
                    errors["message_missing_key"] += 1
                if any(k not in KEYS for k in message):
                    errors["message_unrecognized_key"] += 1
                role = message.get("role")
                if role not in ROLES:
                    errors["unrecognized_role"] += 1
                content = message.get("content")
                if not isinstance(content, str) or not content.strip():
                    errors["missing_content"] += 1
                if "weight" in message and message["weight"] not in (0, 1):
                    errors["invalid_weight"] += 1
                has_assistant |= role == "assistant"
            if not has_assistant:
                errors["example_missing_assistant_message"] += 1
    return lines, examples, messages, errors


def peak_rss_bytes():
    try:
        with open("/proc/self/status") as f:
            for row in f:
                if row.startswith("VmHWM:"):
                    return int(row.split()[1]) * 1024
    except OSError:
        pass
    return None


def main():
    args = [a for a in sys.argv[1:] if a != "--json"]
    if len(args) != 1:
        sys.exit(__doc__)
    path = args[0]
    size = os.path.getsize(path)
    start = time.perf_counter()
    lines, examples, messages, errors = check(path)
    seconds = time.perf_counter() - start
    mb_per_s = size / (1 << 20) / seconds
    if "--json" in sys.argv:
        print(json.dumps({"tool": "python", "bytes": size, "seconds": seconds, "mbPerSecond": mb_per_s,
                          "lines": lines, "examples": examples, "messages": messages,
                          "errors": sum(errors.values()), "peakRssBytes": peak_rss_bytes(),
                          "cpuSeconds": os.times().user + os.times().system}))
    else:
        print(f"{path}: {lines:,} lines, {examples:,} examples, {messages:,} messages, {sum(errors.values()):,} errors")
        for kind, count in sorted(errors.items()):
            print(f"  {kind}: {count:,}")
        print(f"{size / (1 << 20):,.1f} MB in {seconds:.2f} s: {mb_per_s:.1f} MB/s")


if __name__ == "__main__":
    main()
