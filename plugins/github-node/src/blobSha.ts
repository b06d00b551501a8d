import crypto from 'node:crypto';

/** The SHA git gives a blob with this content, to compare with a tree without uploading. */
export function gitBlobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return crypto
    .createHash('sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}
