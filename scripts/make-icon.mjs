// Draws the extension icon (images/icon.png, 128x128): a shield with a padlock, AWS colours.
// No image tools needed: shapes are tested per pixel with 4x4 supersampling and written as PNG
// with node's zlib. Run again only to change the design: `node scripts/make-icon.mjs`.
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const SS = 4; // samples per axis
const NAVY = [35, 47, 62];
const ORANGE = [255, 153, 0];
const WHITE = [255, 255, 255];

const roundedSquare = (x, y) => {
  const r = 22, lo = 2, hi = SIZE - 2;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = Math.min(Math.max(x, lo + r), hi - r), cy = Math.min(Math.max(y, lo + r), hi - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const shield = (x, y) => {
  const top = 18, mid = 66, tip = 114, half = 40;
  if (y < top || y > tip) return false;
  // a shallow dip in the top edge, straight sides, then curved flanks meeting at the tip
  if (y < top + 6 - 6 * Math.cos(((x - 64) / half) * (Math.PI / 2))) return false;
  if (y <= mid) return Math.abs(x - 64) <= half;
  const t = (y - mid) / (tip - mid);
  return Math.abs(x - 64) <= half * Math.sqrt(1 - t * t);
};
const lockBody = (x, y) => x >= 44 && x <= 84 && y >= 56 && y <= 90 && !(((x < 48 || x > 80) && (y < 60 || y > 86)) && cornerOut(x, y));
const cornerOut = (x, y) => {
  const cx = x < 48 ? 48 : 80, cy = y < 60 ? 60 : 86;
  return (x - cx) ** 2 + (y - cy) ** 2 > 16;
};
const shackle = (x, y) => {
  if (y > 57) return false;
  const d = Math.hypot(x - 64, y - 50);
  if (y <= 50) return d <= 15 && d >= 9;
  return (Math.abs(x - 64) <= 15 && Math.abs(x - 64) >= 9);
};
const keyhole = (x, y) => Math.hypot(x - 64, y - 69) <= 4.5 || (Math.abs(x - 64) <= 2 && y >= 69 && y <= 80);

function colourAt(x, y) {
  if (!roundedSquare(x, y)) return null;
  if (shield(x, y)) {
    if ((lockBody(x, y) && !keyhole(x, y)) || shackle(x, y)) return WHITE;
    if (keyhole(x, y) && lockBody(x, y)) return NAVY;
    return ORANGE;
  }
  return NAVY;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  raw[py * (SIZE * 4 + 1)] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = colourAt(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
        if (!c) continue;
        r += c[0]; g += c[1]; b += c[2]; a++;
      }
    }
    const o = py * (SIZE * 4 + 1) + 1 + px * 4;
    if (a) { raw[o] = Math.round(r / a); raw[o + 1] = Math.round(g / a); raw[o + 2] = Math.round(b / a); }
    raw[o + 3] = Math.round((255 * a) / (SS * SS));
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0); ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'images', 'icon.png');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, png);
console.log(`${path.relative(process.cwd(), out)}: ${png.length} bytes`);
