// Renders each kustomize overlay with kubectl's built-in kustomize and checks every rendered object offline:
//   - core kinds: the schema of kubernetes-models (types, required fields, formats, enums) and, field by field, the
//     field lists of @kubernetes/client-node's models, so a misspelt or misplaced field is an error (as the API
//     server's strict field validation would make it);
//   - custom resources (RabbitmqCluster, the CloudNativePG Cluster): the openAPIV3Schema of the operator's CRD kept in
//     crds/, made strict the same way (an unknown field is an error where the CRD does not preserve unknown fields).
// An object of a kind neither knows is an error. Usage: node validate.mjs [overlay folder ...] (default: both overlays).
// Prints one line per overlay, "<folder>: N objects valid (kinds)", or every problem found; exits 1 on any problem.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { parseAllDocuments } from "yaml";
import * as clientModels from "@kubernetes/client-node/dist/gen/models/all.js";

const here = dirname(fileURLToPath(import.meta.url));
const kubectl = process.env.KUBECTL ?? join(here, "node_modules/.kubectl/kubectl");

const overlays = process.argv.slice(2).length > 0
  ? process.argv.slice(2)
  : [join(here, "../overlays/dev"), join(here, "../overlays/production")];

const crdSchemas = loadCrdSchemas(join(here, "crds"));
let failed = false;
for (const overlay of overlays) {
  const problems = [];
  const kinds = new Map();
  const rendered = spawnSync(kubectl, ["kustomize", overlay], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (rendered.error || rendered.status !== 0) {
    problems.push(`kubectl kustomize failed: ${rendered.error?.message ?? rendered.stderr.trim()}`);
  } else {
    for (const document of parseAllDocuments(rendered.stdout)) {
      if (document.errors.length > 0) {
        problems.push(...document.errors.map(error => `YAML: ${error.message}`));
        continue;
      }
      const object = document.toJS();
      if (object === null) continue;
      const name = `${object.kind ?? "(no kind)"} ${object.metadata?.namespace ?? "-"}/${object.metadata?.name ?? "(no name)"}`;
      kinds.set(object.kind, (kinds.get(object.kind) ?? 0) + 1);
      problems.push(...(await validate(object)).map(problem => `${name}: ${problem}`));
    }
  }

  const label = relative(process.cwd(), resolve(overlay)) || overlay;
  if (problems.length > 0) {
    failed = true;
    console.log(`${label}: ${problems.length} problem(s)`);
    for (const problem of problems) console.log(`  ${problem}`);
  } else {
    const total = [...kinds.values()].reduce((sum, count) => sum + count, 0);
    const byKind = [...kinds].sort(([a], [b]) => a.localeCompare(b)).map(([kind, count]) => `${kind} ${count}`).join(", ");
    console.log(`${label}: ${total} objects valid (${byKind})`);
  }
}
process.exit(failed ? 1 : 0);

async function validate(object) {
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
    return ["has no apiVersion or kind"];
  }
  const crd = crdSchemas.get(`${object.apiVersion}/${object.kind}`);
  if (crd) {
    return crd(object) ? [] : crd.errors.map(error => `${error.instancePath || "/"} ${error.message}${describe(error.params)}`);
  }

  let model;
  try {
    model = (await import(`kubernetes-models/${object.apiVersion}/${object.kind}`))[object.kind];
  } catch {
    return [`no schema for ${object.apiVersion} ${object.kind} (neither a core kind nor a CRD in crds/)`];
  }
  const problems = [];
  try {
    new model(object).validate();
  } catch (error) {
    problems.push(String(error.message ?? error));
  }
  const version = object.apiVersion.split("/").pop();
  const className = `${version[0].toUpperCase()}${version.slice(1)}${object.kind}`;
  if (!clientModels[className]?.attributeTypeMap) {
    problems.push(`no field list for ${className}`);
  } else {
    unknownFields(object, className, "", problems);
  }
  return problems;
}

/** Every field that the model of the type does not declare, recursively. */
function unknownFields(value, type, path, problems) {
  if (value === null || value === undefined) return;
  if (type.startsWith("Array<")) {
    if (Array.isArray(value)) value.forEach((item, i) => unknownFields(item, type.slice(6, -1), `${path}/${i}`, problems));
    return;
  }
  const map = /^\{ \[key: string\]: (.*); \}$/.exec(type);
  if (map) {
    if (typeof value === "object") for (const [key, item] of Object.entries(value)) unknownFields(item, map[1], `${path}/${key}`, problems);
    return;
  }
  const fields = clientModels[type]?.attributeTypeMap;
  if (!fields) return; // string, number, boolean, Date, IntOrString, any: kubernetes-models checks these
  if (typeof value !== "object" || Array.isArray(value)) {
    problems.push(`${path || "/"} must be an object (${type})`);
    return;
  }
  const known = new Map(fields.map(field => [field.baseName, field.type]));
  for (const [key, item] of Object.entries(value)) {
    if (!known.has(key)) problems.push(`${path}/${key} is not a field of ${type}`);
    else unknownFields(item, known.get(key), `${path}/${key}`, problems);
  }
}

function loadCrdSchemas(folder) {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const schemas = new Map();
  for (const file of readdirSync(folder).filter(name => name.endsWith(".yaml")).sort()) {
    for (const document of parseAllDocuments(readFileSync(join(folder, file), "utf8"))) {
      const crd = document.toJS();
      if (crd?.kind !== "CustomResourceDefinition") continue;
      for (const version of crd.spec.versions) {
        const schema = strict(structuredClone(version.schema.openAPIV3Schema));
        schemas.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(schema));
      }
    }
  }
  return schemas;
}

/** Unknown fields refused wherever the CRD lists the fields and does not keep unknown ones. */
function strict(schema) {
  if (schema && typeof schema === "object") {
    if (schema.properties && schema.additionalProperties === undefined && !schema["x-kubernetes-preserve-unknown-fields"]) {
      schema.additionalProperties = false;
    }
    for (const value of Object.values(schema)) strict(value);
  }
  return schema;
}

function describe(params) {
  if (params?.additionalProperty) return `: '${params.additionalProperty}'`;
  if (params?.allowedValues) return `: ${params.allowedValues.join(", ")}`;
  return "";
}
