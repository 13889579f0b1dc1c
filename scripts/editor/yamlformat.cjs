// The data files' canonical YAML: exactly what Decap CMS writes when it saves a record.
//
// Decap (decap-cms-core, src/formats/yaml.ts) parses a file with the `yaml` package,
// puts the top-level keys in the order of the collection's fields and writes
// `new yaml.Document()` with the package's defaults (block lists, plain scalars where
// possible, lines folded at 80 columns). This script does the same with the same
// package version (pinned in package-lock.json), ordering nested groups by the schema
// too, so that a save from the browser changes only the lines of the fields it changed.
//
//   node yamlformat.cjs --schema-dir DIR --check FILE...   list files not in canonical form (exit 1)
//   node yamlformat.cjs --schema-dir DIR --write FILE...   rewrite them in canonical form
//   node yamlformat.cjs --schema-dir DIR --json            stdin {"path": record, ...}: write each record
//
// A file's kind is its folder's name (data/projects/x.yaml -> projects.schema.json).
'use strict';
const fs = require('fs');
const path = require('path');
const yaml = require('yaml');

function parseArgs(argv) {
  const out = { mode: null, schemaDir: null, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--schema-dir') out.schemaDir = argv[++i];
    else if (a === '--check' || a === '--write' || a === '--json') out.mode = a.slice(2);
    else out.files.push(a);
  }
  return out;
}

const schemas = {};
function schemaFor(schemaDir, file) {
  const kind = path.basename(path.dirname(path.resolve(file)));
  if (!(kind in schemas)) {
    const p = path.join(schemaDir, `${kind}.schema.json`);
    if (!fs.existsSync(p)) throw new Error(`${file}: no schema ${p} for its kind \`${kind}\` (run \`make schema\`)`);
    schemas[kind] = JSON.parse(fs.readFileSync(p, 'utf8'));
  }
  return schemas[kind];
}

// The schema node that describes an object's properties: follows $ref, anyOf (Optional)
// and array items.
function resolve(root, node) {
  for (let guard = 0; node && guard < 20; guard++) {
    if (node.$ref) node = root.$defs[node.$ref.split('/').pop()];
    else if (node.anyOf) node = node.anyOf.find(n => n.type !== 'null') || null;
    else return node;
  }
  return node;
}

function ordered(root, node, value) {
  node = resolve(root, node);
  if (Array.isArray(value)) {
    const items = node && node.type === 'array' ? node.items : null;
    return value.map(v => ordered(root, items, v));
  }
  if (value && typeof value === 'object') {
    const props = (node && node.properties) || {};
    const known = Object.keys(props).filter(k => k in value);
    const rest = Object.keys(value).filter(k => !(k in props)); // unknown keys after, as Decap does
    const out = {};
    for (const k of [...known, ...rest]) out[k] = ordered(root, props[k], value[k]);
    return out;
  }
  return value;
}

function render(schema, data) {
  const value = schema ? ordered(schema, schema, data) : data;
  const doc = new yaml.Document();
  doc.contents = yaml.createNode(value);
  return doc.toString();
}

function parse(text, file) {
  const doc = yaml.parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map(e => e.message).join('; ')}`);
  return doc.toJSON();
}

function writeAtomic(file, text) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  fs.writeFileSync(tmp, text, 'utf8');
  fs.renameSync(tmp, file);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.schemaDir || !args.mode) {
    console.error('usage: yamlformat.cjs --schema-dir DIR (--check|--write) FILE... | --json');
    return 2;
  }
  if (args.mode === 'json') {
    const records = JSON.parse(fs.readFileSync(0, 'utf8'));
    try {
      for (const [file, data] of Object.entries(records)) writeAtomic(file, render(schemaFor(args.schemaDir, file), data));
    } catch (e) {
      console.error(String(e.message || e));
      return 2;
    }
    return 0;
  }
  let differ = 0;
  for (const file of args.files) {
    const text = fs.readFileSync(file, 'utf8');
    let want;
    try {
      want = render(schemaFor(args.schemaDir, file), parse(text, file));
    } catch (e) {
      console.error(String(e.message || e));
      differ++;
      continue;
    }
    if (want === text) continue;
    differ++;
    if (args.mode === 'write') writeAtomic(file, want);
    console.log(file);
  }
  return args.mode === 'check' && differ ? 1 : 0;
}

process.exitCode = main();
