// Builds the dashboard into dist/, which the gateway copies to its output and serves at /. Run by the gateway's build (Gateway.csproj),
// so `dotnet build` (and infra/run.sh) always serves the page of the sources it was built from.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, "dist");

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await build({
  entryPoints: [path.join(here, "src", "main.js"), path.join(here, "src", "styles.css")],
  bundle: true,
  minify: true,
  sourcemap: false,
  format: "esm",
  target: ["es2022"],
  outdir: out,
  entryNames: "[name]",
  // Everything the page loads comes from the gateway: no other host.
  external: [],
  logLevel: "warning",
});
await copyFile(path.join(here, "src", "index.html"), path.join(out, "index.html"));
console.log(`dashboard built into ${out}`);
