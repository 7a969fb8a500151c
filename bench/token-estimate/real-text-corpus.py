#!/usr/bin/env python3
"""A second calibration corpus for the Llama 2 token estimate, made of real text found on this machine rather than
generated: chat examples whose contents are, by kind,

    prose        docstrings of the Python standard library (technical English)
    code         functions of the Python standard library, as written
    legal        the licence texts under /usr/share/common-licenses
    changelog    Debian changelogs under /usr/share/doc (English, names, dates, versions)
    translation  gettext catalogues under /usr/share/locale: English messages and their translations into
                 German, French, Spanish, Brazilian Portuguese, Italian, Polish, Russian, Chinese, Japanese, Korean

    python3 real-text-corpus.py OUT.jsonl [--examples 1500] [--seed 1]

The choice of files and passages is seeded, but the corpus is only as reproducible as the machine's files are:
Debian 12 with Python 3.11 here. Every message also carries "kind" (ignored by the counters), so the calibration
can be broken down by kind of text.
"""
import argparse
import ast
import gettext
import glob
import gzip
import json
import os
import random
import sys
import sysconfig

LANGUAGES = ["de", "fr", "es", "pt_BR", "it", "pl", "ru", "zh_CN", "ja", "ko"]


def stdlib_files():
    root = sysconfig.get_paths()["stdlib"]
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "test", "tests", "idlelib", "__pycache__"))
        files += [os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py")]
    return files


def python_passages(rng, count):
    prose, code = [], []
    files = stdlib_files()
    rng.shuffle(files)
    for path in files:
        if len(prose) >= count and len(code) >= count:
            break
        try:
            source = open(path, encoding="utf-8").read()
            tree = ast.parse(source)
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                doc = ast.get_docstring(node)
                if doc and len(doc) >= 200 and len(prose) < count:
                    prose.append((node.name, doc))
                segment = ast.get_source_segment(source, node)
                if segment and 300 <= len(segment) <= 3000 and len(code) < count and rng.random() < 0.3:
                    code.append((node.name, segment))
    return prose, code


def licence_passages(rng, count):
    passages = []
    for path in sorted(glob.glob("/usr/share/common-licenses/*")):
        if os.path.isfile(path):
            paragraphs = [p.strip() for p in open(path, encoding="utf-8", errors="replace").read().split("\n\n") if p.strip()]
            for i in range(0, len(paragraphs), 3):
                passages.append("\n\n".join(paragraphs[i:i + 3]))
    rng.shuffle(passages)
    return passages[:count]


def changelog_passages(rng, count):
    paths = sorted(glob.glob("/usr/share/doc/*/changelog.Debian.gz"))
    rng.shuffle(paths)
    passages = []
    for path in paths[:count]:
        try:
            text = gzip.open(path, "rt", encoding="utf-8", errors="replace").read()
        except OSError:
            continue
        entries = [e for e in text.split("\n\n ") if e.strip()]
        passages.append(text[:rng.randint(300, 2500)] if entries else text[:2000])
    return passages


def translation_pairs(rng, per_language):
    pairs = {}
    for language in LANGUAGES:
        items = []
        for path in sorted(glob.glob(f"/usr/share/locale/{language}/LC_MESSAGES/*.mo")):
            try:
                with open(path, "rb") as f:
                    catalogue = gettext.GNUTranslations(f)._catalog
            except (OSError, gettext.error if hasattr(gettext, "error") else OSError, Exception):
                continue
            for source, target in catalogue.items():
                if isinstance(source, str) and source and isinstance(target, str) and 20 <= len(source) <= 600 and target != source:
                    items.append((source, target))
        items.sort()
        rng.shuffle(items)
        pairs[language] = items[:per_language]
    return pairs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("--examples", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    share = args.examples // 5

    prose, code = python_passages(rng, share)
    legal = licence_passages(rng, share)
    changes = changelog_passages(rng, share)
    translations = translation_pairs(rng, 12 * share // len(LANGUAGES) + 12)

    examples = []

    def example(kind, user, assistant, user_kind=None):
        # No system message: one sentence repeated on every line would weigh on the per-message figures.
        examples.append({"messages": [
            {"role": "user", "content": user, "kind": user_kind or kind},
            {"role": "assistant", "content": assistant, "kind": kind},
        ]})

    for name, doc in prose:
        example("prose", f"What does {name} do in the Python standard library?", doc)
    for name, segment in code:
        example("code", f"Write the Python function or class {name}.", segment)
    for passage in legal:
        example("legal", "Quote the relevant part of the licence.", passage)
    for passage in changes:
        example("changelog", "What changed in the latest releases of this package?", passage)
    for language, items in translations.items():
        for i in range(0, len(items) - 11, 12):
            batch = items[i:i + rng.randint(3, 12)]
            example(f"translation-{language}", f"Translate into {language}:\n\n" + "\n".join(s for s, _ in batch),
                    "\n".join(t for _, t in batch), user_kind="translation-source-en")
    rng.shuffle(examples)
    with open(args.output, "w", encoding="utf-8") as out:
        for ex in examples:
            out.write(json.dumps(ex, ensure_ascii=False) + "\n")
    kinds = {}
    for ex in examples:
        kind = ex["messages"][1]["kind"].split("-")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    print(f"{args.output}: {len(examples)} examples {kinds}, {os.path.getsize(args.output):,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
