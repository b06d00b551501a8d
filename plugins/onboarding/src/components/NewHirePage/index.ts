export { NewHirePage } from './NewHirePage';
