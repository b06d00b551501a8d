/**
 * The one place a stage's image tag lives: the service's entry in `spec.source.kustomize.images`
 * of platform-config's apps/<service>/<stage>.yaml. Edited through the `yaml` Document API, so
 * comments, order and every other value stay as they were.
 */
import { isScalar, isSeq, parseDocument } from 'yaml';

/** A kustomize image entry `<name>:<tag>`, split at the tag's colon (a registry port is kept). */
function splitImage(entry: string): { name: string; tag?: string } {
  const colon = entry.lastIndexOf(':');
  if (colon > entry.lastIndexOf('/')) {
    return { name: entry.slice(0, colon), tag: entry.slice(colon + 1) };
  }
  return { name: entry };
}

const isServiceImage = (name: string, service: string) =>
  name === service || name.endsWith(`/${service}`);

/** Thrown when the file is not an Application holding the service's image entry. */
export class ApplicationFileError extends Error {}

function imageEntry(text: string, file: string, service: string) {
  const doc = parseDocument(text);
  if (doc.errors.length)
    throw new ApplicationFileError(
      `${file} is not valid YAML (${doc.errors[0].message}); fix it in platform-config first.`,
    );
  const images = doc.getIn(['spec', 'source', 'kustomize', 'images'], true);
  const index = isSeq(images)
    ? images.items.findIndex(
        item =>
          isScalar(item) &&
          typeof item.value === 'string' &&
          isServiceImage(splitImage(item.value).name, service),
      )
    : -1;
  if (!isSeq(images) || index < 0)
    throw new ApplicationFileError(
      `${file} has no image of ${service} in spec.source.kustomize.images; add "<registry>/${service}:bootstrap" there (the new-service golden path writes it).`,
    );
  const node = images.items[index] as { value: string };
  return { doc, node, ...splitImage(node.value) };
}

/** The tag the file deploys, e.g. `bootstrap` or a commit SHA. */
export function readImageTag(
  text: string,
  file: string,
  service: string,
): string | undefined {
  return imageEntry(text, file, service).tag;
}

/** The file with only the service's image entry changed to `tag`. */
export function setImageTag(
  text: string,
  file: string,
  service: string,
  tag: string,
): string {
  const { doc, node, name } = imageEntry(text, file, service);
  node.value = `${name}:${tag}`;
  return doc.toString();
}
