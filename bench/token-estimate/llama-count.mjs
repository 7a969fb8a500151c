// Counts the Llama 2 (SentencePiece, 32000-token) tokens of every message content of a chat JSONL file with
// llama-tokenizer-js, the vocabulary of Phi-3 and Phi-3.5 less their 64 added chat tokens, which contents do not hold.
//
//   node llama-count.mjs CORPUS.jsonl OUT.tsv
//
// Writes line<TAB>message<TAB>role<TAB>chars<TAB>tokens, one row per message (both 1-based). A content is counted on
// its own, as a standalone SentencePiece encode does it: no BOS token, with the dummy-prefix space (add_preceding_space);
// inside a chat template the count can differ by one token per message.
import fs from 'node:fs';
import readline from 'node:readline';
import llamaTokenizer from 'llama-tokenizer-js';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
    console.error('usage: node llama-count.mjs CORPUS.jsonl OUT.tsv');
    process.exit(2);
}
const out = fs.createWriteStream(output);
const lines = readline.createInterface({ input: fs.createReadStream(input, { encoding: 'utf8' }), crlfDelay: Infinity });
const start = process.hrtime.bigint();
let lineNumber = 0, messages = 0, tokens = 0, chars = 0;
for await (const line of lines) {
    lineNumber++;
    if (!line.trim()) continue;
    const example = JSON.parse(line);
    example.messages.forEach((message, i) => {
        if (typeof message.content !== 'string') return;
        const count = llamaTokenizer.encode(message.content, false, true).length;
        out.write(`${lineNumber}\t${i + 1}\t${message.role}\t${message.content.length}\t${count}\n`);
        messages++; tokens += count; chars += message.content.length;
    });
}
await new Promise(resolve => out.end(resolve));
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.error(`${input}: ${lineNumber} lines, ${messages} messages, ${tokens} Llama 2 tokens, ${chars} chars (UTF-16), ${seconds.toFixed(1)} s`);
