// Bundles the console: src/main.tsx -> dist/assets/app-[hash].js + .css, dist/index.html,
// with .gz and .br copies of each text file so the server can send them precompressed.
import * as esbuild from 'esbuild';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = new URL('.', import.meta.url).pathname;
const dist = join(root, 'dist');
const started = performance.now();

await rm(dist, { recursive: true, force: true });
await mkdir(join(dist, 'assets'), { recursive: true });

const result = await esbuild.build({
  entryPoints: { app: join(root, 'src/main.tsx') },
  bundle: true,
  format: 'esm',
  target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
  minify: true,
  sourcemap: 'linked',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});

const outputs = Object.keys(result.metafile.outputs).map(p => relative(dist, join(process.cwd(), p)).replaceAll('\\', '/'));
const js = outputs.find(p => /^assets\/app-[A-Z0-9]+\.js$/i.test(p));
const css = outputs.find(p => /^assets\/app-[A-Z0-9]+\.css$/i.test(p));
if (!js || !css) throw new Error(`the bundle is missing its script or style sheet: ${outputs.join(', ')}`);

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Crema</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/${css}">
<script type="module" src="/${js}"></script>
</head>
<body>
<div id="app"><noscript>The Crema console needs JavaScript.</noscript></div>
</body>
</html>
`;
await writeFile(join(dist, 'index.html'), html);

// Precompress: the server picks br, then gzip, by Accept-Encoding.
async function* files(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else yield p;
  }
}
let bytes = 0;
for await (const f of files(dist)) {
  if (!/\.(js|css|html|svg|json)$/.test(f)) continue;
  const raw = await readFile(f);
  bytes += raw.length;
  await writeFile(f + '.gz', gzipSync(raw, { level: 9 }));
  await writeFile(f + '.br', brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}
console.log(`crema console: ${js}, ${css} (${(bytes / 1024).toFixed(0)} KiB before compression) in ${(performance.now() - started).toFixed(0)} ms`);
