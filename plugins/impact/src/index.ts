/**
 * Runway's measured impact in the portal: the Impact page and the home page's golden-path cards.
 *
 * @packageDocumentation
 */
export { impactPlugin as default } from './plugin';
