// Runs the quiz page's evaluator (overrides/assets/javascripts/quiz.js) over a grid of
// answers for tests/test_quiz_parity.py, in one Node process.
//
// Input (a JSON file named on the command line):
//   {documents: {name: rules}, chunk: N, dump: [chunk numbers],
//    blocks: [{document: name, actions: [ids] | null, axes: [[key, [values]]]}]}
// Every block is the full product of its axes (the last axis changes fastest); a null
// value leaves the key out of the answers. For each answers object one line is made:
// the JSON of evaluate(), or {"invalid": [[key, code], ...]} when the answers break
// the contract. Output: the number of lines, a SHA-256 per chunk of N lines, and the
// lines of the chunks asked for in `dump` (to show a difference).
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const quiz = require(path.resolve(__dirname, "..", "overrides", "assets", "javascripts", "quiz.js"));
const spec = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const dump = new Set(spec.dump || []);

function line(rules, answers) {
  const problems = quiz.problems(rules, answers).problems;
  if (problems.length) return JSON.stringify({ invalid: problems.map((p) => [p.key, p.code]) });
  return JSON.stringify(quiz.evaluate(rules, answers));
}

const out = { count: 0, chunks: [], dumps: {} };
let hash = crypto.createHash("sha256");
let inChunk = 0;
let lines = [];

function finishChunk() {
  const n = out.chunks.length;
  out.chunks.push(hash.digest("hex"));
  if (dump.has(n)) out.dumps[n] = lines;
  hash = crypto.createHash("sha256");
  inChunk = 0;
  lines = [];
}

for (const block of spec.blocks) {
  const doc = spec.documents[block.document];
  const rules = block.actions
    ? Object.assign({}, doc, { actions: doc.actions.filter((a) => block.actions.includes(a.id)) })
    : doc;
  const axes = block.axes;
  const index = axes.map(() => 0);
  const total = axes.reduce((n, axis) => n * axis[1].length, 1);
  for (let i = 0; i < total; i++) {
    const answers = {};
    axes.forEach((axis, j) => {
      const value = axis[1][index[j]];
      if (value !== null) answers[axis[0]] = value;
    });
    const text = line(rules, answers);
    hash.update(text + "\n");
    if (dump.has(out.chunks.length)) lines.push(text);
    out.count++;
    if (++inChunk === spec.chunk) finishChunk();
    for (let j = axes.length - 1; j >= 0; j--) {
      if (++index[j] < axes[j][1].length) break;
      index[j] = 0;
    }
  }
}
if (inChunk) finishChunk();
process.stdout.write(JSON.stringify(out));
