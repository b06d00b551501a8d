export { NewHiresPage } from './NewHiresPage';
