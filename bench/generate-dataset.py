#!/usr/bin/env python3
"""Writes realistic chat-format JSONL for the dataset-check benchmark (docs/benchmarks.md).

    python3 bench/generate-dataset.py --size 1GB                 # bench/data/chat-1GB-seed1.jsonl
    python3 bench/generate-dataset.py --size 10MB --seed 7 --output /tmp/small.jsonl

Every line is {"messages": [system, user, assistant, (more user/assistant turns)]}: a handful of fixed system
messages reused across lines, as real datasets do; user and assistant contents that are unique per line, made of
English prose, markdown (headings, lists, tables), code blocks (Python, PowerShell, C#, JSON, Bash, SQL), JSON
extraction answers, accented words, CJK text and emoji; most contents 200-2000 characters with a tail of long
ones (up to about 30,000); newlines, tabs, quotes and backslashes escaped; about one line in seven written with
\\uXXXX escapes for everything outside ASCII; and now and then "weight": 0 on an earlier assistant turn.
Prose uses real English word frequencies (words.txt beside this script); sentences come from a seeded pool of
50,000, so that contents are unique sequences of them without drawing every word one by one (about 20 MB/s here).

The output depends only on --seed and --size (sizes are binary: 1 MB = 1,048,576 bytes): lines are made in blocks
of 500, block b from random.Random(f"{seed}:{b}"), in order, whatever the number of --processes. Python 3.11,
standard library only. The file ends at the last whole line that fits in the size.
"""
import argparse
import itertools
import json
import math
import multiprocessing
import os
import random
import re
import sys
import time

BLOCK_LINES = 500

SYSTEM_MESSAGES = [
    "You are a helpful assistant.",
    "You are Contoso's IT support assistant. Answer questions about laptops, VPN access, Microsoft 365 and "
    "printers. Be concise, give numbered steps when the user must do something, and escalate to a human "
    "technician when hardware is damaged or data may be lost.",
    "You are a senior software engineer reviewing code. Point out bugs first, then style. Quote the lines you "
    "mean in fenced code blocks and keep every suggestion actionable.",
    "Extract the entities from the user's text and answer with a single JSON object with the keys \"people\", "
    "\"organizations\", \"places\" and \"dates\". Do not add any commentary.",
    "Tu es un assistant qui répond en français, poliment et précisément. Réponds toujours en moins de cinq "
    "paragraphes.",
    "You are a customer-service agent for Fabrikam Outdoor Gear. Be friendly, never promise refunds that "
    "policy does not allow, and end every answer by asking whether there is anything else you can help with.",
    "你是一个专业的翻译助手。请把用户提供的文本准确地翻译成目标语言，保留原文的格式。",
    "You summarize long documents for busy executives: three bullet points, then one sentence of "
    "recommendation. Use plain language.",
]

# English words with their real frequencies (bench/words.txt), and technical ones mixed into the ranking.
def load_words():
    words, counts = [], []
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "words.txt"), encoding="utf-8") as f:
        for row in f:
            if not row.startswith("#"):
                count, word = row.rstrip("\n").split("\t")
                words.append(word)
                counts.append(int(count))
    return words, counts


TECH_WORDS = """data model server request response token dataset training deployment endpoint cluster
configuration script module function parameter variable object array string value file folder path network
database query index cache memory thread process queue message client service resource subscription workspace
storage container account identity permission role policy certificate secret vault region quota capacity
latency throughput error exception retry timeout version release build pipeline commit branch repository test
validation schema format field record batch epoch learning rate loss accuracy evaluation prompt completion
assistant user system context window fine-tuning checkpoint adapter weights inference GPU CPU log metric
dashboard alert incident backup restore migration upgrade install package dependency runtime compiler
PowerShell Azure Python JSON YAML HTTP REST API SDK CLI VM""".split()
ACCENTED = """café naïve résumé façade jalapeño Zürich São Paulo Ångström crème brûlée déjà vu coöperate
piñata Málaga Kraków Øresund Škoda Dvořák Gödel Erdős Ærø señor über Bücher Straße élève Noël Citroën""".split()
NAMES = """Alice Bob Carlos Dana Emeka Fatima Grace Hiroshi Ingrid José Kwame Lena Mateo Nadia Olu Priya Quentin
Rosa Sven Tanvi Umar Valentina Wei Xavier Yara Zoë""".split()
ORGS = """Contoso Fabrikam Northwind Tailspin Litware Adatum Woodgrove Proseware Wingtip Fourth-Coffee""".split()
PLACES = """Seattle Lisbon Nairobi Osaka Montréal Reykjavík Bengaluru Valparaíso Kraków Auckland Düsseldorf
Marseille Hanoi Cape-Town Tromsø""".split()
EMOJI = ["🙂", "🚀", "✅", "👍", "🎉", "⚠️", "📦", "🔥", "💡", "❌", "😅", "🙏", "📈", "🛠️", "☕"]
CJK = [
    "这个模型在验证集上的表现比基线好得多。", "请检查配置文件中的端点地址是否正确。", "训练数据需要先清洗，再按比例拆分。",
    "如果出现超时错误，可以稍后重试。", "我们计划下周把新版本部署到生产环境。", "日志显示内存使用率在凌晨突然升高。",
    "このスクリプトは毎晩バックアップを作成します。", "エラーが発生した場合は管理者に連絡してください。",
    "学習率を下げると損失が安定しました。", "東京のデータセンターで障害が発生しました。", "新しいモデルは日本語の要約が得意です。",
    "데이터 세트를 업로드하기 전에 형식을 확인하세요.", "서버가 응답하지 않으면 다시 시작하십시오.",
    "모델의 정확도가 지난주보다 향상되었습니다.",
]
LANGS = ["python", "powershell", "csharp", "json", "bash", "sql"]
IDENTS = """count total items result path name value config client user record buffer index offset size limit
status retries delay token model data line lines row rows entry entries job jobs file files""".split()


VOCAB, VOCAB_COUNTS = load_words()
VOCAB += TECH_WORDS
VOCAB_COUNTS += [300] * len(TECH_WORDS)
VOCAB_CUM = list(itertools.accumulate(VOCAB_COUNTS))
POOL_SENTENCES = 50_000
POOL = []


def init_pool(seed):
    """Every process makes the same pool of sentences; messages are unique sequences of them."""
    gen = Gen(random.Random(f"{seed}:pool"))
    POOL[:] = [gen.make_sentence() for _ in range(POOL_SENTENCES)]


class Gen:
    def __init__(self, rng):
        self.r = rng

    def words(self, n):
        return self.r.choices(VOCAB, cum_weights=VOCAB_CUM, k=n)

    def sentence(self):
        return self.r.choice(POOL)

    def make_sentence(self):
        r = self.r
        ws = self.words(r.randint(5, 22))
        roll = r.random()
        if roll < 0.08:
            ws[r.randrange(len(ws))] = r.choice(ACCENTED)
        elif roll < 0.14:
            ws[r.randrange(len(ws))] = '"' + ' '.join(self.words(2)) + '"'
        elif roll < 0.20:
            ws[r.randrange(len(ws))] = f"`{r.choice(IDENTS)}`"
        elif roll < 0.26:
            ws[r.randrange(len(ws))] = str(r.choice([r.randint(2, 99), r.randint(100, 99999), round(r.random() * 100, 2)]))
        elif roll < 0.30:
            ws[r.randrange(len(ws))] = r.choice(NAMES)
        elif roll < 0.33:
            ws[r.randrange(len(ws))] = r.choice(ORGS)
        if r.random() < 0.25:
            i = r.randrange(1, len(ws))
            ws[i - 1] += ","
        s = " ".join(ws)
        s = s[0].upper() + s[1:]
        end = r.random()
        s += "?" if end < 0.08 else "!" if end < 0.11 else "."
        if r.random() < 0.03:
            s += " " + r.choice(EMOJI)
        return s

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.r.randint(2, 6)))

    def cjk(self):
        return "".join(self.r.choice(CJK) for _ in range(self.r.randint(2, 8)))

    def bullet_list(self):
        r = self.r
        numbered = r.random() < 0.4
        items = []
        for i in range(r.randint(3, 7)):
            text = " ".join(self.words(r.randint(3, 12)))
            if r.random() < 0.3:
                text = f"**{r.choice(TECH_WORDS)}**: {text}"
            items.append(f"{i + 1}. {text}" if numbered else f"- {text}")
        return "\n".join(items)

    def table(self):
        r = self.r
        cols = r.randint(2, 4)
        head = [r.choice(TECH_WORDS).capitalize() for _ in range(cols)]
        rows = ["| " + " | ".join(head) + " |", "|" + "---|" * cols]
        for _ in range(r.randint(2, 6)):
            rows.append("| " + " | ".join(
                str(r.randint(0, 5000)) if r.random() < 0.4 else self.words(1)[0] for _ in range(cols)) + " |")
        return "\n".join(rows)

    def code(self):
        r = self.r
        lang = r.choice(LANGS)
        a, b, c = r.sample(IDENTS, 3)
        n = r.randint(1, 500)
        w = r.choice(TECH_WORDS)
        if lang == "python":
            lines = [f"def load_{a}({b}, {c}={n}):", f'    """Load the {w} {a} from {b}."""',
                     f"    with open({b}, encoding=\"utf-8\") as f:", f"        {a} = [json.loads(x) for x in f]",
                     f"    if len({a}) > {c}:", f"        raise ValueError(f\"too many {w}: {{len({a})}}\")",
                     f"    return {a}"]
        elif lang == "powershell":
            lines = [f"$${a} = Get-ChildItem -Path '.\\{w}' -Filter '*.jsonl' -Recurse",
                     f"foreach ($${b} in $${a}) {{", f"\t$${c} = Get-Content -LiteralPath $${b}.FullName | Measure-Object -Line",
                     f"\tif ($${c}.Lines -gt {n}) {{ Write-Warning \"$(${b}.Name): $(${c}.Lines) lines\" }}", "}"]
        elif lang == "csharp":
            lines = [f"public static int Count{w.capitalize()}(IReadOnlyList<string> {a})", "{",
                     f"    var {b} = 0;", f"    foreach (var {c} in {a})", "    {",
                     f"        if ({c}.Length > {n}) {b}++;", "    }", f"    return {b};", "}"]
        elif lang == "json":
            obj = {a: n, b: self.words(r.randint(1, 4)), c: {"enabled": r.random() < 0.5, "name": w}}
            lines = json.dumps(obj, indent=2, ensure_ascii=False).split("\n")
        elif lang == "bash":
            lines = [f"#!/usr/bin/env bash", "set -euo pipefail", f"{a.upper()}=\"${{1:-/var/lib/{w}}}\"",
                     f"find \"${a.upper()}\" -name '*.log' -mtime +{n % 30} -print0 | xargs -0 rm -f",
                     f"echo \"cleaned {w} logs in ${a.upper()}\""]
        else:
            lines = [f"SELECT {a}, COUNT(*) AS {b}", f"FROM {w.lower()}_{c}", f"WHERE created_at >= '2024-0{r.randint(1, 9)}-01'",
                     f"GROUP BY {a}", f"HAVING COUNT(*) > {n}", f"ORDER BY {b} DESC;"]
        return f"```{lang}\n" + "\n".join(lines) + "\n```"

    def prose_block(self):
        roll = self.r.random()
        if roll < 0.55:
            return self.paragraph()
        if roll < 0.70:
            return self.bullet_list()
        if roll < 0.85:
            return self.code()
        if roll < 0.90:
            return self.table()
        if roll < 0.95:
            return "## " + " ".join(self.words(self.r.randint(2, 6))).capitalize()
        return self.cjk()

    def text(self, target):
        blocks = []
        length = 0
        while length < target:
            block = self.prose_block()
            blocks.append(block)
            length += len(block) + 2
        return "\n\n".join(blocks)

    def length(self, median, tail_probability=0.04):
        r = self.r
        if r.random() < tail_probability:
            return int(r.uniform(3000, 30000))
        return max(20, int(r.lognormvariate(math.log(median), 0.6)))

    def entities_answer(self):
        r = self.r
        obj = {"people": r.sample(NAMES, r.randint(0, 3)), "organizations": r.sample(ORGS, r.randint(0, 2)),
               "places": r.sample(PLACES, r.randint(0, 3)),
               "dates": [f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}" for _ in range(r.randint(0, 2))]}
        return json.dumps(obj, ensure_ascii=False)

    def example(self):
        r = self.r
        system = r.randrange(len(SYSTEM_MESSAGES))
        messages = [{"role": "system", "content": SYSTEM_MESSAGES[system]}]
        turns = 1 if r.random() < 0.7 else r.randint(2, 4)
        for turn in range(turns):
            if system == 3:  # entity extraction: text in, JSON out
                user = self.text(self.length(700))
                assistant = self.entities_answer()
            elif system == 6:  # translation
                if r.random() < 0.5:
                    user = "请翻译成英文：\n\n" + self.cjk()
                    assistant = self.text(self.length(400))
                else:
                    user = "Translate into Chinese:\n\n" + self.text(self.length(300))
                    assistant = self.cjk() + self.cjk()
            elif system == 7:  # summaries: long input, short output
                user = "Summarize this document:\n\n" + self.text(self.length(2500, 0.15))
                assistant = "\n".join("- " + self.sentence() for _ in range(3)) + "\n\n" + self.sentence()
            else:
                user = self.text(self.length(250, 0.02))
                if r.random() < 0.2:
                    user = self.sentence()
                assistant = self.text(self.length(800))
            if r.random() < 0.04:
                user += " " + r.choice(EMOJI)
            messages.append({"role": "user", "content": user})
            answer = {"role": "assistant", "content": assistant}
            if turn < turns - 1 and r.random() < 0.3:
                answer["weight"] = 0
            messages.append(answer)
        return {"messages": messages}

    def line(self):
        ascii_only = self.r.random() < 0.15
        return json.dumps(self.example(), ensure_ascii=ascii_only, separators=(", ", ": ")).encode("utf-8") + b"\n"


def make_block(args):
    seed, block = args
    gen = Gen(random.Random(f"{seed}:{block}"))
    return b"".join(gen.line() for _ in range(BLOCK_LINES))


def parse_size(text):
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)B?\s*", text, re.IGNORECASE)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (examples: 10MB, 100MB, 1GB)")
    return int(float(m.group(1)) * {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m.group(2).upper()])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=parse_size, default=parse_size("100MB"), help="10MB, 100MB, 1GB, ... (binary)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", help="default: bench/data/chat-<size>-seed<seed>.jsonl")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if args.output is None:
        size = args.size
        label = f"{size >> 30}GB" if size % (1 << 30) == 0 else f"{size >> 20}MB" if size % (1 << 20) == 0 else f"{size}B"
        args.output = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", f"chat-{label}-seed{args.seed}.jsonl")
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)

    start = time.perf_counter()
    written = lines = 0
    temp = args.output + ".partial"

    def blocks():
        b = 0
        while True:
            yield (args.seed, b)
            b += 1

    with open(temp, "wb") as out, multiprocessing.Pool(args.processes, init_pool, (args.seed,)) as pool:
        for data in pool.imap(make_block, blocks(), chunksize=1):
            last = written + len(data) > args.size
            if last:
                data = data[:data.rfind(b"\n", 0, args.size - written + 1) + 1]
            out.write(data)
            written += len(data)
            lines += data.count(b"\n")
            if last:
                break
        pool.terminate()
    os.replace(temp, args.output)
    seconds = time.perf_counter() - start
    print(f"{args.output}: {written:,} bytes, {lines:,} lines, {seconds:.1f} s ({written / (1 << 20) / seconds:.1f} MB/s)")


if __name__ == "__main__":
    main()
