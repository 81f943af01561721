// First-load JavaScript of a server-rendered page: what a browser must download, compressed,
// before the page is interactive. Used by bench/account.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
  /** As the HTML references it: `/_next/static/chunks/….js`. */
  src: string;
  /** Compressed with zlib's default level, as `next start` compresses its responses. */
  gzipBytes: number;
}

export interface FirstLoadJs {
  chunks: Chunk[];
  gzipBytes: number;
  /** The HTML document itself (which carries the inline RSC payload), for context. */
  htmlGzipBytes: number;
}

/**
 * Every distinct `<script src>` the HTML references, read from the build's `.next/static`
 * and gzipped. `noModule` scripts (Next.js's legacy polyfills) are left out: a browser
 * that runs modules, which is every browser Next.js supports, never downloads them.
 */
export function firstLoadJs(html: string, distDir: string): FirstLoadJs {
  const sources = new Set<string>();
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = /\bsrc="([^"]+)"/i.exec(tag)?.[1];
    if (!src || /\bnomodule\b/i.test(tag)) continue;
    sources.add(src);
  }
  const chunks = [...sources].map((src) => {
    const pathname = new URL(src, 'http://localhost').pathname;
    if (!pathname.startsWith('/_next/static/')) throw new Error(`unexpected script ${src}`);
    const content = readFileSync(path.join(distDir, 'static', pathname.slice('/_next/static/'.length)));
    return { src, gzipBytes: gzipSync(content).length };
  });
  return {
    chunks,
    gzipBytes: chunks.reduce((sum, chunk) => sum + chunk.gzipBytes, 0),
    htmlGzipBytes: gzipSync(html).length,
  };
}
