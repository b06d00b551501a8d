/**
 * Writes a bare repository in process (no git child processes): its objects kept in memory, then
 * written as one pack with its index — what seeding many small repositories at every devstack
 * start needs (a loose object is a file and often a folder each).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

type ObjectType = 'blob' | 'tree' | 'commit';
const TYPE_CODE: Record<ObjectType, number> = { commit: 1, tree: 2, blob: 3 };

export interface Signature {
  name: string;
  email: string;
  date: Date;
}

export class PackedRepo {
  /** Objects written so far: sha → type and content, in order. */
  private readonly objects = new Map<
    string,
    { type: ObjectType; body: Buffer }
  >();

  private constructor(readonly dir: string) {}

  /** A bare repository as `git init --bare` leaves it, with pushes over smart HTTP allowed. */
  static init(dir: string, defaultBranch: string): PackedRepo {
    for (const sub of [
      'objects/info',
      'objects/pack',
      'refs/heads',
      'refs/tags',
    ])
      fs.mkdirSync(path.join(dir, sub), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'HEAD'),
      `ref: refs/heads/${defaultBranch}\n`,
    );
    fs.writeFileSync(
      path.join(dir, 'config'),
      '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n[http]\n\treceivepack = true\n',
    );
    return new PackedRepo(dir);
  }

  private write(type: ObjectType, body: Buffer): string {
    const sha = crypto
      .createHash('sha1')
      .update(`${type} ${body.length}\0`)
      .update(body)
      .digest('hex');
    if (!this.objects.has(sha)) this.objects.set(sha, { type, body });
    return sha;
  }

  /** The tree of a snapshot (path → content), its sub-trees written too. */
  writeTree(files: Record<string, string | Buffer>): string {
    const here = new Map<string, { mode: string; sha: string }>();
    const below = new Map<string, Record<string, string | Buffer>>();
    for (const [file, content] of Object.entries(files)) {
      const [first, ...rest] = file.split('/');
      if (rest.length === 0) {
        here.set(first, {
          mode: '100644',
          sha: this.write('blob', Buffer.from(content)),
        });
      } else {
        const sub = below.get(first) ?? {};
        sub[rest.join('/')] = content;
        below.set(first, sub);
      }
    }
    for (const [dir, sub] of below)
      here.set(dir, { mode: '40000', sha: this.writeTree(sub) });
    // git orders a tree's entries by name, a sub-tree's name as if it ended with '/'.
    const key = (name: string, mode: string) =>
      mode === '40000' ? `${name}/` : name;
    const entries = [...here.entries()].sort(([a, x], [b, y]) =>
      Buffer.compare(Buffer.from(key(a, x.mode)), Buffer.from(key(b, y.mode))),
    );
    return this.write(
      'tree',
      Buffer.concat(
        entries.flatMap(([name, { mode, sha }]) => [
          Buffer.from(`${mode} ${name}\0`),
          Buffer.from(sha, 'hex'),
        ]),
      ),
    );
  }

  writeCommit(
    tree: string,
    parents: string[],
    message: string,
    author: Signature,
    committer: Signature = author,
  ): string {
    const who = (s: Signature) =>
      `${s.name} <${s.email}> ${Math.floor(s.date.getTime() / 1000)} +0000`;
    const text = [
      `tree ${tree}`,
      ...parents.map(p => `parent ${p}`),
      `author ${who(author)}`,
      `committer ${who(committer)}`,
      '',
      message.endsWith('\n') ? message : `${message}\n`,
    ].join('\n');
    return this.write('commit', Buffer.from(text));
  }

  /** Writes the objects as objects/pack/pack-<sha>.{pack,idx}, git's pack format version 2. */
  writePack() {
    const entries = [...this.objects.entries()];
    const head = Buffer.alloc(12);
    head.write('PACK', 0);
    head.writeUInt32BE(2, 4);
    head.writeUInt32BE(entries.length, 8);
    const chunks: Buffer[] = [head];
    let offset = head.length;
    const indexed = entries.map(([sha, { type, body }]) => {
      const packed = Buffer.concat([
        objectHeader(TYPE_CODE[type], body.length),
        // Level 1: these objects are small, and seeding speed matters more than their size.
        zlib.deflateSync(body, { level: 1 }),
      ]);
      chunks.push(packed);
      const entry = { sha, offset, crc: zlib.crc32(packed) };
      offset += packed.length;
      return entry;
    });
    const packBody = Buffer.concat(chunks);
    const packSum = crypto.createHash('sha1').update(packBody).digest();
    indexed.sort((a, b) => a.sha.localeCompare(b.sha));
    const fanout = Buffer.alloc(256 * 4);
    for (let byte = 0, i = 0; byte < 256; byte++) {
      while (
        i < indexed.length &&
        parseInt(indexed[i].sha.slice(0, 2), 16) <= byte
      )
        i++;
      fanout.writeUInt32BE(i, byte * 4);
    }
    const u32 = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(n >>> 0);
      return b;
    };
    const index = Buffer.concat([
      Buffer.from([0xff, 0x74, 0x4f, 0x63]),
      u32(2),
      fanout,
      ...indexed.map(e => Buffer.from(e.sha, 'hex')),
      ...indexed.map(e => u32(e.crc)),
      ...indexed.map(e => u32(e.offset)),
      packSum,
    ]);
    const indexSum = crypto.createHash('sha1').update(index).digest();
    const name = path.join(
      this.dir,
      'objects/pack',
      `pack-${packSum.toString('hex')}`,
    );
    fs.writeFileSync(`${name}.pack`, Buffer.concat([packBody, packSum]));
    fs.writeFileSync(`${name}.idx`, Buffer.concat([index, indexSum]));
  }

  setRef(ref: string, sha: string) {
    fs.mkdirSync(path.dirname(path.join(this.dir, ref)), { recursive: true });
    fs.writeFileSync(path.join(this.dir, ref), `${sha}\n`);
  }
}

/** A packed object's header: its type and size, 4 bits then 7 bits a byte, high bit "more". */
function objectHeader(type: number, size: number): Buffer {
  const bytes = [(type << 4) | (size & 0x0f)];
  let rest = Math.floor(size / 16);
  while (rest > 0) {
    bytes[bytes.length - 1] |= 0x80;
    bytes.push(rest & 0x7f);
    rest = Math.floor(rest / 128);
  }
  return Buffer.from(bytes);
}
