export { argoCdPlugin } from './argoCdPlugin';
