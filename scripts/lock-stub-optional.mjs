// The npm registry reachable here lacks some platform-specific optional packages
// (other OSes' native bindings), so `npm install` leaves them out of package-lock.json
// and `npm ci` then refuses the lock as out of sync. This adds an entry for each missing
// optional dependency, marked with its platform so npm ci skips it on Linux.
// Run after changing dependencies: `node scripts/lock-stub-optional.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORM_HINTS = [
  [/android-arm64/, { os: ['android'], cpu: ['arm64'] }],
  [/darwin-arm64/, { os: ['darwin'], cpu: ['arm64'] }],
  [/darwin-x64/, { os: ['darwin'], cpu: ['x64'] }],
  [/linux-arm64-gnu/, { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] }],
  [/linux-arm64-musl/, { os: ['linux'], cpu: ['arm64'], libc: ['musl'] }],
  [/wasm32-wasi/, { cpu: ['wasm32'] }],
  [/win32-arm64/, { os: ['win32'], cpu: ['arm64'] }],
  [/win32-x64/, { os: ['win32'], cpu: ['x64'] }],
];

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const prefix = path === '' ? '' : `${path}/`;
    const candidates = [`${prefix}node_modules/${name}`, `node_modules/${name}`];
    if (candidates.some((p) => lock.packages[p])) continue;
    const hint = PLATFORM_HINTS.find(([re]) => re.test(name));
    if (!hint) continue;
    lock.packages[`node_modules/${name}`] = { version, optional: true, ...hint[1] };
    added++;
  }
}
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
console.log(`lock-stub-optional: added ${added} platform stub(s)`);
