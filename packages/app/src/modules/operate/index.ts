export { operateModule } from './operateModule';
