#!/usr/bin/env python3
"""Calibrates and measures the Llama 2 token estimate ceil(cl100k_base count x ratio) (TokenCounter.Llama2PerCl100k).

    python3 calibrate.py NAME CORPUS.jsonl LLAMA.tsv CL100K.tsv [NAME CORPUS LLAMA CL100K ...] [--current 1.24]

Each TSV has line, message, role, chars, tokens per message (llama-count.mjs, Cl100kCount). Prints markdown:
per corpus the ratio sum(Llama 2)/sum(cl100k_base), the ratio that makes the estimate's total right, the ratio that
minimises the mean absolute % error per example, and for the current constant and the fitted ratio the error of the
estimate per message and per example (content tokens only: the template allowance is the same on both sides), with
a breakdown by kind of text. Errors are (estimate - Llama 2) / Llama 2: positive means the estimate is high.
"""
import json
import math
import sys
from collections import defaultdict


def read_tsv(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        for row in f:
            line, message, role, chars, tokens = row.rstrip("\n").split("\t")
            rows[(int(line), int(message))] = int(tokens)
    return rows


def script_of(text):
    """'cjk' when a fifth or more of the characters are CJK, kana or Hangul; 'other' when non-ASCII letters dominate."""
    if not text:
        return "latin"
    cjk = sum(1 for c in text if "\u2e80" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" or "\uf900" <= c <= "\ufaff")
    if cjk * 5 >= len(text):
        return "cjk"
    return "latin"


def load(corpus, llama_path, cl_path):
    llama, cl = read_tsv(llama_path), read_tsv(cl_path)
    messages = []
    with open(corpus, encoding="utf-8") as f:
        for number, text in enumerate(f, 1):
            if not text.strip():
                continue
            for index, message in enumerate(json.loads(text)["messages"], 1):
                key = (number, index)
                if key not in llama or key not in cl:
                    continue
                content = message.get("content") or ""
                kind = message.get("kind") or message.get("role")
                if kind != "system" and script_of(content) == "cjk":
                    kind = f"{kind} (CJK)" if not kind.startswith("translation") else kind
                messages.append({"line": number, "kind": kind, "llama": llama[key], "cl": cl[key]})
    return messages


def estimate(cl, ratio):
    return math.ceil(cl * ratio - 1e-9)


def percentile(values, p):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(math.ceil(p / 100 * len(values))) - 1)]


def errors(messages, ratio):
    per_message = [(estimate(m["cl"], ratio) - m["llama"]) / m["llama"] * 100 for m in messages if m["llama"] > 0]
    examples = defaultdict(lambda: [0, 0])
    for m in messages:
        examples[m["line"]][0] += estimate(m["cl"], ratio)
        examples[m["line"]][1] += m["llama"]
    per_example = [(e - l) / l * 100 for e, l in examples.values() if l > 0]
    total_estimate = sum(e for e, _ in examples.values())
    total_llama = sum(l for _, l in examples.values())
    return {
        "message_mape": sum(abs(x) for x in per_message) / len(per_message),
        "message_p95": percentile([abs(x) for x in per_message], 95),
        "message_bias": sum(per_message) / len(per_message),
        "example_mape": sum(abs(x) for x in per_example) / len(per_example),
        "example_p95": percentile([abs(x) for x in per_example], 95),
        "example_within_10": sum(1 for x in per_example if abs(x) <= 10) / len(per_example) * 100,
        "total": (total_estimate - total_llama) / total_llama * 100,
        "examples": len(per_example),
    }


def fit_total(messages):
    """The smallest ratio (to 0.001) whose estimate's total is at least the Llama 2 total."""
    target = sum(m["llama"] for m in messages)
    lo, hi = 0.5, 3.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if sum(estimate(m["cl"], mid) for m in messages) >= target:
            hi = mid
        else:
            lo = mid
    return math.ceil(hi * 1000) / 1000


def fit_example_mape(messages):
    best = None
    for step in range(800, 2501, 5):
        ratio = step / 1000
        mape = errors(messages, ratio)["example_mape"]
        if best is None or mape < best[1]:
            best = (ratio, mape)
    return best[0]


def main():
    argv = sys.argv[1:]
    current = 1.24
    if "--current" in argv:
        i = argv.index("--current")
        current = float(argv[i + 1])
        del argv[i:i + 2]
    if not argv or len(argv) % 4:
        sys.exit(__doc__)
    corpora = [(argv[i], load(*argv[i + 1:i + 4])) for i in range(0, len(argv), 4)]
    if len(corpora) > 1:
        combined = []
        for index, (_, messages) in enumerate(corpora):
            combined += [dict(m, line=(index, m["line"])) for m in messages]
        corpora.append(("all corpora", combined))

    print("| Corpus | Examples | Messages | Llama 2 tokens | cl100k_base tokens | Llama 2 / cl100k (sum) "
          "| Ratio for a right total | Ratio for least error per example |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    fitted = {}
    for name, messages in corpora:
        llama = sum(m["llama"] for m in messages)
        cl = sum(m["cl"] for m in messages)
        fitted[name] = (fit_total(messages), fit_example_mape(messages))
        print(f"| {name} | {len({m['line'] for m in messages}):,} | {len(messages):,} | {llama:,} | {cl:,} | {llama / cl:.3f} "
              f"| {fitted[name][0]:.3f} | {fitted[name][1]:.3f} |")

    print()
    print("Error of the estimate ceil(cl100k_base x ratio) against the Llama 2 count, content tokens "
          "(mean absolute % error, 95th percentile of the absolute % error, share of examples within 10 %, "
          "error of the total; + means the estimate is high):")
    print()
    print("| Corpus | Ratio | Per message: mean abs % | p95 abs % | mean signed % | Per example: mean abs % | p95 abs % "
          "| within 10 % | Total % |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, messages in corpora:
        ratios = [current] + [r for r in fitted[name] if r != current]
        if name != "all corpora" and "all corpora" in fitted:
            ratios += [r for r in fitted["all corpora"] if r not in ratios]
        for ratio in dict.fromkeys(ratios):
            e = errors(messages, ratio)
            print(f"| {name} | {ratio:.3f} | {e['message_mape']:.1f} | {e['message_p95']:.1f} | {e['message_bias']:+.1f} "
                  f"| {e['example_mape']:.1f} | {e['example_p95']:.1f} | {e['example_within_10']:.0f} % | {e['total']:+.1f} |")

    print()
    print("Llama 2 / cl100k_base by kind of text (sum over the messages of that kind):")
    print()
    print("| Corpus | Kind | Messages | Llama 2 tokens | Llama 2 / cl100k | Error of the total at "
          f"{current} |")
    print("|---|---|---:|---:|---:|---:|")
    for name, messages in corpora:
        if name == "all corpora":
            continue
        kinds = defaultdict(list)
        for m in messages:
            kinds[m["kind"]].append(m)
        for kind in sorted(kinds):
            group = kinds[kind]
            llama = sum(m["llama"] for m in group)
            cl = sum(m["cl"] for m in group)
            est = sum(estimate(m["cl"], current) for m in group)
            print(f"| {name} | {kind} | {len(group):,} | {llama:,} | {llama / cl:.3f} | {(est - llama) / llama * 100:+.1f} % |")


if __name__ == "__main__":
    main()
